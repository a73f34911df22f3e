/**
 * The extension's prices: read from the Price List Query API once per region and session, kept in the extension's
 * global storage with their date (a week, then refreshed), used from there when the API cannot be reached. The
 * trees and the Problems panel ask synchronously for what is already loaded; the preview, the CodeLens and the
 * launch wait for it.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { Connection } from '../platform/connection';
import { loadAws } from '../platform/loadAws';
import type { RegionPrices } from '../core/costs/prices';
import { jsonFilePriceStore, pricesFor, type PricesAnswer, type PriceStore } from '../core/costs/priceSource';

const RETRY_OFFLINE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 15_000;

export class PriceService implements vscode.Disposable {
  private readonly loaded = new Map<string, PricesAnswer>();
  private readonly attemptedAt = new Map<string, number>();
  /** The region whose prices the trees show: the connection's, once known. */
  private treeRegion: string | undefined;
  private treeRegionAsked = false;
  private readonly pending = new Map<string, Promise<PricesAnswer>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the region whose prices were just loaded. */
  readonly onDidLoad = this.changed.event;
  private readonly store: PriceStore;

  constructor(storageFolder: string, private readonly connection: Connection) {
    this.store = jsonFilePriceStore(storageFolder, fs);
  }

  /** What is already loaded for `region` (no call). */
  cached(region: string): RegionPrices | undefined {
    return this.loaded.get(region)?.prices;
  }

  /** The prices of `region`, from memory, the cache or the API (one call at a time per region). */
  get(region: string): Promise<PricesAnswer> {
    const known = this.loaded.get(region);
    // Offline answers are retried, but not more than every few minutes (each answer fires onDidLoad).
    if (known && (!known.offline || Date.now() - (this.attemptedAt.get(region) ?? 0) < RETRY_OFFLINE_MS)) return Promise.resolve(known);
    this.attemptedAt.set(region, Date.now());
    let pending = this.pending.get(region);
    if (!pending) {
      pending = pricesFor(region, {
        store: this.store,
        // The preview and the launch wait for this: an unreachable API must not hold them long.
        fetch: r => loadAws().fetchSageMakerPrices(this.connection.aws(), r, AbortSignal.timeout(FETCH_TIMEOUT_MS)),
        now: new Date(),
      }).then(answer => {
        this.loaded.set(region, answer);
        this.changed.fire(region);
        return answer;
      }).finally(() => this.pending.delete(region));
      this.pending.set(region, pending);
    }
    return pending;
  }

  /**
   * The prices of the connection's region for the trees, without waiting: undefined until loaded (the first call
   * starts the load; onDidLoad says when they are there).
   */
  forTrees(): RegionPrices | undefined {
    if (!this.treeRegionAsked) {
      this.treeRegionAsked = true;
      void this.connectionRegion().then(region => {
        this.treeRegion = region;
        if (region) void this.get(region);
      });
    }
    return this.treeRegion ? this.cached(this.treeRegion) : undefined;
  }

  /** The connection's region, when it can be told without a call that may fail loudly (Connection.region). */
  connectionRegion(): Promise<string | undefined> {
    return this.connection.region();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

let service: PriceService | undefined;

/** Made once by activate(); features reach it here, as they reach the AWS bundle through loadAws(). */
export function initPriceService(context: vscode.ExtensionContext, connection: Connection): PriceService {
  service = new PriceService(context.globalStorageUri.fsPath, connection);
  return service;
}

export function priceService(): PriceService | undefined {
  return service;
}
