export interface PrerequisitePlan {
  action: 'none' | 'install' | 'stop';
  sudo?: boolean;
  line?: string;
}
export function ensurePrerequisites(what: string[], o?: { who?: string; variants?: string[] }): void;
export function packagesFor(what: string[], variants: string[]): string[];
export function plan(o: { who: string; missing: string[]; hasApt: boolean; isRoot: boolean; canSudo: boolean; noApt: boolean }): PrerequisitePlan;
export const PACKAGES: Record<string, { present(): boolean; why: string }>;
