/** A test clock: `now` for the harness, moved by the test with `set`. */
export class TestClock {
  t: number;
  constructor(iso = '2026-11-23T15:00:00Z') {
    this.t = Date.parse(iso);
  }
  now = () => new Date(this.t);
  /** Moves the clock to an ISO time. */
  set(iso: string) {
    this.t = Date.parse(iso);
  }
}
