/** Maps a method and path of the /v1 API to a route name and its parameters. */
import type { RouteName } from './types';

export interface RouteParams {
  webhookId?: string;
  conversationId?: string;
  applicationId?: string;
  runId?: string;
}

export type RouteMatch =
  | { kind: 'route'; route: RouteName; params: RouteParams }
  | { kind: 'methodNotAllowed'; allow: string[]; route: RouteName }
  | { kind: 'notFound' };

type ParamName = keyof RouteParams;
const HOOK: ParamName[] = ['webhookId', 'conversationId'];
const APP: ParamName[] = ['applicationId', 'runId'];

const TABLE: { pattern: RegExp; params: ParamName[]; methods: Partial<Record<string, RouteName>> }[] = [
  { pattern: /^\/v1\/webhooks$/, params: HOOK, methods: { GET: 'listWebhooks', POST: 'createWebhook' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)$/, params: HOOK, methods: { GET: 'getWebhook', PUT: 'updateWebhook', DELETE: 'deleteWebhook' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/conversations$/, params: HOOK, methods: { GET: 'listConversations' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/conversations\/([^/]+)$/, params: HOOK, methods: { GET: 'getConversation' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/secret$/, params: HOOK, methods: { GET: 'getSecret' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/trigger$/, params: HOOK, methods: { POST: 'triggerWebhook' } },
  { pattern: /^\/v1\/applications$/, params: APP, methods: { GET: 'listApplications' } },
  { pattern: /^\/v1\/applications\/([^/]+)$/, params: APP, methods: { GET: 'getApplication' } },
  { pattern: /^\/v1\/applications\/([^/]+)\/runs$/, params: APP, methods: { POST: 'createRun' } },
  { pattern: /^\/v1\/applications\/([^/]+)\/runs\/([^/]+)$/, params: APP, methods: { GET: 'getRun' } },
  { pattern: /^\/v1\/applications\/([^/]+)\/runs\/([^/]+)\/metadata$/, params: APP, methods: { GET: 'runMetadata' } },
];

export function matchRoute(method: string, pathname: string): RouteMatch {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const { pattern, params: names, methods } of TABLE) {
    const m = pattern.exec(path);
    if (!m) continue;
    const params: RouteParams = {};
    try {
      names.forEach((name, i) => {
        if (m[i + 1] !== undefined) params[name] = decodeURIComponent(m[i + 1]);
      });
    } catch {
      return { kind: 'notFound' };
    }
    const route = methods[method.toUpperCase()];
    if (route) return { kind: 'route', route, params };
    return { kind: 'methodNotAllowed', allow: Object.keys(methods), route: Object.values(methods)[0] as RouteName };
  }
  return { kind: 'notFound' };
}
