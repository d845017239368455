// Preloaded into an action run (`runAction(..., { today })`) so that its clock reads another day: `new Date()` and
// `Date.now()` are moved by a fixed offset to EMULATED_TODAY (YYYY-MM-DD, at noon UTC), and time still passes.
// Tests of dated behaviour (model retirements) then hold on any day they run. Timers are not moved.

const today = process.env.EMULATED_TODAY;
if (today && /^\d{4}-\d{2}-\d{2}$/.test(today)) {
  const RealDate = Date;
  const offset = RealDate.parse(`${today}T12:00:00Z`) - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
