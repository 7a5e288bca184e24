import type { BrowserContext, Page } from 'playwright-core';

export interface WorkbenchOptions {
  variant: number | string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  installVsix?: string[];
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  folder?: string;
  keepWork?: boolean;
  onConsole?: (line: string, fromExtensionHost: boolean) => void;
  viewport?: { width: number; height: number };
}
export interface Workbench {
  page: Page;
  ctx: BrowserContext;
  url: string;
  host: string;
  work: string;
  csLog: string;
  variant: { label: string; bin: string };
  stop(): Promise<void>;
  waitForExtensionHostExit(): Promise<number>;
  extensionHostExitFromLog(): { code: string; signal: string } | undefined;
}
export function startWorkbench(o: WorkbenchOptions): Promise<Workbench>;
export function ensureCodeServer(variant: number | string): { label: string; bin: string };
export function ensureChromium(): void;
export function freePort(): Promise<number>;
export function sleep(ms: number): Promise<void>;
export const ROOT: string;
export const CACHE: string;
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
