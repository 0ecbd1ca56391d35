import type { StepId } from './steps.js';

/** Which screen is showing, shared by the shell and the screens. */
export class Navigation {
  step = $state<StepId>('connect');

  goTo(step: StepId): void {
    this.step = step;
  }
}
export const navigation = new Navigation();
