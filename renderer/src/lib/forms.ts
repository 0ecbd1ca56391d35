/**
 * A form's submit handler: the page never reloads (preventDefault) and the action runs, its promise
 * (if any) left to report its own outcome on screen.
 */
export function onSubmit(action: () => unknown): (e: SubmitEvent) => void {
  return (e) => {
    e.preventDefault();
    void action();
  };
}
