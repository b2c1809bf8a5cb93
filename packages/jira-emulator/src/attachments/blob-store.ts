/**
 * Attachment bytes, kept apart from the JSON state: in memory, or as files under `<data dir>/attachments/`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface BlobStore {
  put(key: string, bytes: Buffer): void;
  get(key: string): Buffer | undefined;
  delete(key: string): void;
  clear(): void;
}

export class MemoryBlobStore implements BlobStore {
  private blobs = new Map<string, Buffer>();
  put(key: string, bytes: Buffer): void {
    this.blobs.set(key, bytes);
  }
  get(key: string): Buffer | undefined {
    return this.blobs.get(key);
  }
  delete(key: string): void {
    this.blobs.delete(key);
  }
  clear(): void {
    this.blobs.clear();
  }
}

export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
  private path(key: string): string {
    if (!/^[\w.-]+$/.test(key)) throw new Error(`invalid attachment blob key ${key}`);
    return join(this.dir, key);
  }
  put(key: string, bytes: Buffer): void {
    writeFileSync(this.path(key), bytes);
  }
  get(key: string): Buffer | undefined {
    const path = this.path(key);
    return existsSync(path) ? readFileSync(path) : undefined;
  }
  delete(key: string): void {
    rmSync(this.path(key), { force: true });
  }
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }
}
