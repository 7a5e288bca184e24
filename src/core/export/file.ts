/**
 * Writing an export: lines from an async source into a file, as fast as the disk takes them (backpressure:
 * the source is asked for the next line only when the stream has room), into a temporary file beside the
 * target that is renamed over it at the end. A failure or a cancel removes the temporary file: there is
 * never a half-written export, and a file that was there before stays as it was.
 */
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Lines into `out`, one at a time as it drains. Rejects on a failing source, a failing stream or an abort. */
export function writeLines(lines: AsyncIterable<string>, out: Writable, signal?: AbortSignal): Promise<void> {
  // highWaterMark 1: at most one line waits beside what the stream buffers
  return pipeline(Readable.from(lines, { objectMode: true, highWaterMark: 1 }), out, signal ? { signal } : {});
}

export interface WriteFileOptions {
  readonly signal?: AbortSignal;
  /** the stream for the temporary file (tests pass one that fails) */
  readonly open?: (tempPath: string) => Writable;
}

/** Writes `lines` to `target` through a temporary file beside it; on any failure nothing is left behind. */
export async function writeFileAtomically(target: string, lines: AsyncIterable<string>, o: WriteFileOptions = {}): Promise<void> {
  o.signal?.throwIfAborted(); // before the temporary file exists
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const out = (o.open ?? openNew)(temp);
  try {
    await writeLines(lines, out, o.signal);
    await closed(out);
    await fs.rename(temp, target);
  } catch (err) {
    // a stream destroyed while still opening creates its file all the same: remove it once it is closed
    await closed(out);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Once the stream has let go of its file (renaming an open file fails on Windows). */
function closed(stream: Writable): Promise<void> {
  return stream.closed ? Promise.resolve() : new Promise((resolve) => stream.once('close', () => resolve()));
}

/** 'wx': the temporary name is never someone else's file. */
function openNew(temp: string): Writable {
  return createWriteStream(temp, { flags: 'wx' });
}

// functions, so each text is looked up in the display language when it is shown
const FILE_PROBLEMS: Readonly<Record<string, () => string>> = {
  EACCES: () => l10n.t('permission denied'),
  EPERM: () => l10n.t('permission denied'),
  EROFS: () => l10n.t('the file system is read-only'),
  ENOSPC: () => l10n.t('the disk is full'),
  EDQUOT: () => l10n.t('the disk quota is exceeded'),
  ENOENT: () => l10n.t('the folder does not exist'),
  ENOTDIR: () => l10n.t('the folder does not exist'),
  EISDIR: () => l10n.t('a folder has that name'),
  ENAMETOOLONG: () => l10n.t('the name is too long'),
};

/** Why a file could not be written, in words; undefined when `err` is not a file system error. */
export function fileProblemOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; syscall?: unknown } | null;
  if (typeof e !== 'object' || e === null || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  return FILE_PROBLEMS[e.code]?.() ?? `${e.code} (${e.syscall})`;
}
