/**
 * Uploads with `@aws-sdk/lib-storage`'s `Upload` (multipart above 5 MB, `queueSize` parts in parallel), kept in a
 * registry so that a cancel can abort every one in flight and make sure no multipart upload is left behind. A file
 * of one part skips lib-storage: read whole and sent in one PutObject, as the AWS CLI does below its threshold.
 */
import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import type { S3Api } from './clients/s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createLimiter, mapWeighted } from '../core/launch/limiter';
import { close, createReadStream, fstat, open, read } from 'node:fs';
import type { Readable } from 'node:stream';

/** Parts of one object uploaded in parallel. */
export const PART_QUEUE_SIZE = 4;
/**
 * Single PutObjects in flight at once: the AWS CLI's default max_concurrent_requests. Against a server that is busy
 * already more gain nothing, and on moto (a thread per connection, one interpreter lock) 16 at once were slower than
 * 10 in 5 of 6 side-by-side rounds of the uploads bench (1 GB in 2,000 files).
 */
export const SINGLE_PUTS_IN_FLIGHT = 10;
/** S3's smallest part; bigger for huge objects so that they stay under 10,000 parts. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** How long a cancel waits for parts already on the wire before it aborts their multipart uploads itself. */
const SETTLE_TIMEOUT_MS = 60_000;

export function partSizeFor(size: number | undefined): number {
  return Math.max(MIN_PART_SIZE, Math.ceil((size ?? 0) / 10_000));
}

interface Tracked {
  upload: Upload;
  body: Readable;
  bucket: string;
  key: string;
  completed: boolean;
}

export interface UploadObjectOptions {
  bucket: string;
  key: string;
  body: Readable;
  /** Known length (a file); undefined for a stream of unknown length (the tar). */
  size?: number;
  extra?: Partial<PutObjectCommandInput>;
  /** Bytes of this object uploaded so far (from lib-storage's progress events). */
  onUploaded?: (loaded: number) => void;
}

/** A file to upload: its size is the one planned (the file must not change while it is uploaded). */
export interface UploadFileOptions {
  bucket: string;
  key: string;
  path: string;
  size: number;
  extra?: Partial<PutObjectCommandInput>;
  /** Bytes of this object uploaded so far. */
  onUploaded?: (loaded: number) => void;
}

const abortError = (): Error => Object.assign(new Error('Upload aborted.'), { name: 'AbortError' });

/**
 * Buffers for the files sent in one PutObject, reused from one file to the next: reading each file into a fresh
 * buffer (fs.readFile) cost about twice the CPU of reading into a buffer already faulted in (1 GB in 2,000 files:
 * ~0.6-0.9 s against ~0.25-0.35 s), the page faults and frees of a new 500 KB buffer per file. A buffer comes back
 * only after its PutObject succeeded, when the server had every byte (it answers with the checksum of all of them);
 * one of a failed or aborted request is left to the garbage collector, as its bytes may still be queued on a socket.
 * Even a server that answered early could not store other bytes under this key: the SHA-256 and CRC32 the request
 * carries were computed before it was sent.
 */
class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(private readonly keep: number) {}

  /**
   * A buffer of at least `bytes` bytes, of undefined content. When none kept is big enough, one kept is dropped for
   * the new one: there are never more buffers, kept and in use, than PutObjects in flight (as with fs.readFile).
   */
  take(bytes: number): Buffer {
    const index = this.free.findIndex(buffer => buffer.length >= bytes);
    if (index >= 0) return this.free.splice(index, 1)[0]!;
    if (this.free.length > 0) this.free.splice(this.smallest(), 1);
    return Buffer.allocUnsafeSlow(bytes);
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep) {
      this.free.push(buffer);
      return;
    }
    const smallest = this.smallest();
    if (this.free[smallest]!.length < buffer.length) this.free[smallest] = buffer;
  }

  private smallest(): number {
    return this.free.reduce((min, buffer, i) => (buffer.length < this.free[min]!.length ? i : min), 0);
  }
}

const changedError = (path: string, planned: number, now: number): Error =>
  new Error(`${path} changed while it was being uploaded: it had ${planned} bytes when the upload was planned and has ${now} now. Try again once it no longer changes.`);

/**
 * Reads the file at `path`, which must have `size` bytes, into `into` (at least `size + 1` bytes long: a byte more
 * than planned tells a file that grew); the `size` bytes read. A file of another size is refused by name.
 */
function readPlanned(path: string, size: number, into: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) {
        reject(openError);
        return;
      }
      const finish = (error: Error | null, bytes?: Buffer): void => close(fd, () => (error ? reject(error) : resolve(bytes!)));
      // A read may return fewer bytes than asked before the end (a network file system): read on until the planned
      // size, or a byte past it. Reaching the size exactly is the end, as fs.readFile takes fstat's size to be.
      const readFrom = (offset: number): void => read(fd, into, offset, size + 1 - offset, offset, (readError, bytesRead) => {
        const total = offset + bytesRead;
        if (readError) finish(readError);
        else if (total === size) finish(null, into.subarray(0, size));
        else if (bytesRead > 0 && total < size) readFrom(total);
        else fstat(fd, (statError, stats) => finish(statError ?? changedError(path, size, stats.size)));
      });
      readFrom(0);
    });
  });
}

export class UploadRegistry {
  private readonly tracked = new Set<Tracked>();
  /** The single PutObjects in flight (a file's read, then its request), each aborted by its controller. */
  private readonly puts = new Set<AbortController>();
  private readonly everything: Tracked[] = [];
  private readonly buffers = new BufferPool(SINGLE_PUTS_IN_FLIGHT);
  private stopping = false;

  constructor(private readonly s3: S3Api) {}

  /** True once `abortAll` ran: nothing new may start. */
  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * Uploads a file. One of a single part is read whole (at most a part's size, as lib-storage would buffer it) and
   * sent in one PutObject, without lib-storage's stream chunking: a launch of many small files spends its CPU on
   * their bytes rather than on per-file machinery. A bigger one is a multipart upload streamed from disk.
   * The body is a Buffer, never a stream, here and in lib-storage's parts: the SDK then sends the CRC32 in the
   * x-amz-checksum-crc32 header and signs the bytes' SHA-256, as the AWS CLI does. A stream body would go aws-chunked
   * with a trailing checksum, which S3 checks no better and an emulator decodes in Python (test/cli/uploadWire.test.ts).
   * Rejects with an AbortError when aborted.
   */
  async uploadFile(options: UploadFileOptions): Promise<void> {
    const { bucket, key, path, size, extra, onUploaded } = options;
    if (size > partSizeFor(size)) {
      await this.upload({ bucket, key, size, body: createReadStream(path), ...(extra ? { extra } : {}), ...(onUploaded ? { onUploaded } : {}) });
      return;
    }
    if (this.stopping) throw abortError();
    const controller = new AbortController();
    this.puts.add(controller);
    const buffer = this.buffers.take(size + 1);
    try {
      const body = await readPlanned(path, size, buffer);
      if (controller.signal.aborted) throw abortError();
      await this.s3.putObject({ Bucket: bucket, Key: key, Body: body, ContentLength: size, ...extra }, { abortSignal: controller.signal });
      this.buffers.give(buffer);
      onUploaded?.(size);
    } finally {
      this.puts.delete(controller);
    }
  }

  /** Uploads one object; rejects with lib-storage's AbortError when aborted. */
  async upload(options: UploadObjectOptions): Promise<void> {
    if (this.stopping) {
      options.body.destroy();
      throw abortError();
    }
    const upload = new Upload({
      client: this.s3.client,
      params: {
        Bucket: options.bucket,
        Key: options.key,
        Body: options.body,
        ...(options.size !== undefined ? { ContentLength: options.size } : {}),
        ...options.extra,
      },
      queueSize: PART_QUEUE_SIZE,
      partSize: partSizeFor(options.size),
      leavePartsOnError: false,
    });
    const entry: Tracked = { upload, body: options.body, bucket: options.bucket, key: options.key, completed: false };
    this.tracked.add(entry);
    this.everything.push(entry);
    if (options.onUploaded) {
      const report = options.onUploaded;
      upload.on('httpUploadProgress', p => { if (typeof p.loaded === 'number') report(p.loaded); });
    }
    // A body that fails (a file that vanished, a tar that could not be packed) must fail the upload.
    let bodyError: unknown;
    options.body.on('error', error => { bodyError ??= error; });
    try {
      await upload.done();
      entry.completed = true;
    } catch (error) {
      throw bodyError && !(error as { name?: string })?.name?.includes('Abort') ? bodyError : error;
    } finally {
      this.tracked.delete(entry);
    }
  }

  /** Aborts every upload in flight (lib-storage's `abort()`, which aborts their multipart uploads) and stops new ones. */
  abortAll(): void {
    this.stopping = true;
    for (const controller of this.puts) controller.abort();
    for (const entry of this.tracked) {
      void entry.upload.abort();
      entry.body.destroy();
    }
  }

  /**
   * After `abortAll`: waits for the parts already on the wire, then aborts (again) every multipart upload
   * that did not complete, so that none is left in the bucket. Never throws.
   */
  async settle(): Promise<void> {
    await Promise.all(this.everything.filter(e => !e.completed).map(async entry => {
      // lib-storage keeps its part uploaders in a private field; wait for them when it is there.
      const internal = (entry.upload as unknown as { concurrentUploaders?: Promise<unknown>[] }).concurrentUploaders;
      if (Array.isArray(internal) && internal.length > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled(internal),
          new Promise(resolve => { timer = setTimeout(resolve, SETTLE_TIMEOUT_MS); }),
        ]);
        clearTimeout(timer);
      }
      const uploadId = entry.upload.uploadId;
      if (!uploadId || entry.completed) return;
      try {
        await this.s3.abortMultipartUpload({ Bucket: entry.bucket, Key: entry.key, UploadId: uploadId });
      } catch {
        // NoSuchUpload: lib-storage aborted it first.
      }
    }));
  }
}

/** A planned upload: the loop only needs its size, to count its bytes. */
export interface SizedUpload {
  size: number;
}

export interface UploadEachOptions<T extends SizedUpload> {
  s3: S3Api;
  tasks: readonly T[];
  /**
   * Multipart objects uploaded at the same time (each with up to PART_QUEUE_SIZE parts in parallel). An object of
   * one part takes one of their `concurrency × PART_QUEUE_SIZE` slots (`slotsOf`): many small files go together,
   * at most SINGLE_PUTS_IN_FLIGHT of them (the AWS CLI keeps ten requests in flight), with the same bound on the
   * requests and part buffers in flight.
   */
  concurrency: number;
  /** A cancel: aborts every upload in flight and starts no other. */
  signal: AbortSignal;
  /** Uploads one task through `registry`; `onLoaded(bytes)` says how many of its bytes are uploaded so far. */
  uploadOne(registry: UploadRegistry, task: T, onLoaded: (bytes: number) => void): Promise<void>;
  /** The error to throw for a failed task, once every other upload was told to stop. */
  explainFailure(error: unknown, task: T): unknown;
  /** More bytes uploaded (never counted twice for a task). */
  onBytes(added: number): void;
  /** A task's object is in S3 whole. */
  onTaskDone(task: T): void;
}

/**
 * The slots of `concurrency × PART_QUEUE_SIZE` an object's upload takes: one for an object sent in one PutObject,
 * all of a file's PART_QUEUE_SIZE for a multipart upload (which keeps that many parts, and their buffers, in flight).
 */
export function slotsOf(task: SizedUpload): number {
  return task.size <= partSizeFor(task.size) ? 1 : PART_QUEUE_SIZE;
}

/**
 * Uploads the tasks, a few at a time. The first failure (or a cancel) aborts every upload in flight; the loop
 * then waits for their parts and aborts their multipart uploads (`settle`), so that none is left behind, and
 * rejects with that failure (an AbortError for a cancel).
 */
export async function uploadEach<T extends SizedUpload>(options: UploadEachOptions<T>): Promise<void> {
  const { signal } = options;
  const registry = new UploadRegistry(options.s3);
  const onAbort = (): void => registry.abortAll();
  signal.addEventListener('abort', onAbort, { once: true });
  const perTask = new Map<T, number>();
  const addBytes = (task: T, done: number): void => {
    const before = perTask.get(task) ?? 0;
    if (done <= before) return;
    perTask.set(task, done);
    options.onBytes(done - before);
  };
  const singlePut = createLimiter(SINGLE_PUTS_IN_FLIGHT);
  try {
    await mapWeighted(options.tasks, options.concurrency * PART_QUEUE_SIZE, slotsOf, async task => {
      if (signal.aborted || registry.stopped) throw abortError();
      const uploadOne = (): Promise<void> => {
        if (signal.aborted || registry.stopped) throw abortError();
        return options.uploadOne(registry, task, loaded => addBytes(task, loaded));
      };
      try {
        await (slotsOf(task) === 1 ? singlePut(uploadOne) : uploadOne());
      } catch (error) {
        // One failure stops the others (their multipart uploads are aborted in settle()).
        registry.abortAll();
        throw options.explainFailure(error, task);
      }
      addBytes(task, task.size);
      options.onTaskDone(task);
    });
  } catch (error) {
    await registry.settle();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
