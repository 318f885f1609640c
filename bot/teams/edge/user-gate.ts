/**
 * Load shedding per person: at most `limit` turns of one person run at once on this instance; more are
 * refused at once (cheaply), so a flood from one user cannot starve everyone else's turns. Holds no data
 * that matters: a refused turn changed nothing and the person can press again.
 */
export class UserGate {
  private readonly inFlight = new Map<string, number>();

  /** @param limit turns of one person allowed to run at the same time */
  constructor(private readonly limit = 4) {}

  /** Takes a slot for the person and returns its release, or undefined when all their slots are busy. */
  tryEnter(personKey: string): (() => void) | undefined {
    const running = this.inFlight.get(personKey) ?? 0;
    if (running >= this.limit) return undefined;
    this.inFlight.set(personKey, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(personKey) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(personKey);
      else this.inFlight.set(personKey, left);
    };
  }
}
