interface Waiter<T> {
  resolve: (card: T | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Renders of a shared card for click answers, shared by concurrent clicks: a click waits for the next
 * render that starts after it (so its own change is in it), and every click waiting then gets that one.
 * A burst of clicks on one card costs a few renders, not one per click.
 */
export class SharedRenders<T> {
  private readonly loops = new Map<string, Waiter<T>[]>();

  /** The card of `key` rendered after this call began (shared with the other callers waiting for it). */
  next(key: string, render: () => Promise<T | undefined>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.loops.get(key);
      if (waiting) {
        waiting.push({ resolve, reject });
        return;
      }
      const fresh: Waiter<T>[] = [{ resolve, reject }];
      this.loops.set(key, fresh);
      void this.run(key, fresh, render);
    });
  }

  private async run(key: string, waiting: Waiter<T>[], render: () => Promise<T | undefined>): Promise<void> {
    try {
      while (waiting.length > 0) {
        const round = waiting.splice(0);
        try {
          const card = await render();
          for (const w of round) w.resolve(card);
        } catch (err) {
          for (const w of round) w.reject(err);
        }
      }
    } finally {
      this.loops.delete(key);
    }
  }
}
