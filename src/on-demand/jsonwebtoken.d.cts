/** The stand-in's surface (jsonwebtoken.cjs): jsonwebtoken's functions, which load the real module when first called. */
declare const standIn: {
  sign(...args: unknown[]): string;
  verify(...args: unknown[]): unknown;
  decode(...args: unknown[]): unknown;
};
export = standIn;
