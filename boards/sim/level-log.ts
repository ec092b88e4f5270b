// A ring of (time, pin, level) records in typed arrays: what the simulated LEDs did.

export class LevelLog {
  readonly time: Float64Array;
  readonly pin: Int16Array;
  readonly level: Uint8Array;
  /** records written in total */
  readonly st: Float64Array;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.pin = new Int16Array(capacity);
    this.level = new Uint8Array(capacity);
    this.st = new Float64Array(1);
  }

  add(t: number, pin: number, level: number): void {
    const i = this.st[0] % this.time.length;
    this.time[i] = t;
    this.pin[i] = pin;
    this.level[i] = level;
    this.st[0]++;
  }

  get total(): number { return this.st[0]; }

  /** The kept records, oldest first, as 't=<ms> <pin name>=<level>'. */
  lines(pinNames: string[]): string[] {
    const total = this.st[0];
    const cap = this.time.length;
    const out: string[] = [];
    for (let k = total > cap ? total - cap : 0; k < total; k++) {
      const i = k % cap;
      out.push('t=' + this.time[i] + ' ' + pinNames[this.pin[i]] + '=' + this.level[i]);
    }
    return out;
  }
}
