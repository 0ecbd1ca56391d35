/** Listeners of one kind of news. One that throws (a closed window) stops neither the others nor the sender. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Returns the way to stop listening. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  /** `news` is only made when someone listens. */
  tell(news: () => T): void {
    if (this.set.size === 0) return;
    const value = news();
    for (const l of this.set) {
      try {
        l(value);
      } catch {
        // A broken listener must not stop the queue.
      }
    }
  }
}
