/**
 * Files a stranger may have shaped (file inputs, the event payload, the Azure
 * CLI's profile) are opened without blocking, since a FIFO would hold the
 * step until the job times out; judged on the open descriptor, so the check
 * and the read see the same file; and read to a cap plus one byte whatever
 * `stat` says, since a /proc file reports size 0 and never ends.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

const CHUNK_BYTES = 64 * 1024;
// O_NOFOLLOW and O_NONBLOCK do not exist on Windows, which has no FIFOs to hang on.
const optional: Partial<typeof constants> = constants;
const NON_BLOCKING = constants.O_RDONLY | (optional.O_NONBLOCK ?? 0);

/** Opens for reading without blocking; `noFollow` refuses a symlink as the last part (a path already resolved). */
function openWithoutBlocking(path: string, options: { noFollow?: boolean } = {}): number {
  return openSync(path, NON_BLOCKING | (options.noFollow ? (optional.O_NOFOLLOW ?? 0) : 0));
}

/** Up to cap + 1 bytes (the read itself at most 7 more): one byte past the cap is enough to know the file is too large. */
function readUpTo(fd: number, cap: number): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length <= cap) {
    // Reads stay multiples of 8 bytes: /proc files such as pagemap refuse other sizes.
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.ceil((cap + 1 - length) / 8) * 8));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    length += read;
  }
  return Buffer.concat(chunks, Math.min(length, cap + 1));
}

/** What a path that is not a regular file is, for an error message. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a plain file';
}

export class NotARegularFileError extends Error {
  /** "a named pipe", "a device", ... */
  readonly kind: string;
  constructor(path: string, kind: string) {
    super(`${path} is not a regular file (it is ${kind})`);
    this.kind = kind;
  }
}

export class FileTooLargeError extends Error {
  /** The size `stat` gave, when it already said so; else only more than the cap was read. */
  readonly size: number | undefined;
  constructor(path: string, cap: number, size?: number) {
    super(`${path} is larger than ${cap} bytes`);
    this.size = size;
  }
}

/** A regular file's bytes, at most `cap`; throws NotARegularFileError, FileTooLargeError or the open's error. */
export function readCappedFile(path: string, cap: number, options: { noFollow?: boolean } = {}): { bytes: Buffer; stat: Stats } {
  const fd = openWithoutBlocking(path, options);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotARegularFileError(path, kindOf(stat));
    if (stat.size > cap) throw new FileTooLargeError(path, cap, stat.size);
    const bytes = readUpTo(fd, cap);
    if (bytes.length > cap) throw new FileTooLargeError(path, cap);
    return { bytes, stat };
  } finally {
    closeSync(fd);
  }
}
