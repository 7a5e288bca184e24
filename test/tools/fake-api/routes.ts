/** Maps a method and path of the /v1 API to a route name and its parameters. */
import type { RouteName } from './types';

export interface RouteParams {
  webhookId?: string;
  conversationId?: string;
}

export type RouteMatch =
  | { kind: 'route'; route: RouteName; params: RouteParams }
  | { kind: 'methodNotAllowed'; allow: string[]; route: RouteName }
  | { kind: 'notFound' };

const TABLE: { pattern: RegExp; methods: Partial<Record<string, RouteName>> }[] = [
  { pattern: /^\/v1\/webhooks$/, methods: { GET: 'listWebhooks', POST: 'createWebhook' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)$/, methods: { GET: 'getWebhook', PUT: 'updateWebhook', DELETE: 'deleteWebhook' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/conversations$/, methods: { GET: 'listConversations' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/conversations\/([^/]+)$/, methods: { GET: 'getConversation' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/secret$/, methods: { GET: 'getSecret' } },
  { pattern: /^\/v1\/webhooks\/([^/]+)\/trigger$/, methods: { POST: 'triggerWebhook' } },
];

export function matchRoute(method: string, pathname: string): RouteMatch {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const { pattern, methods } of TABLE) {
    const m = pattern.exec(path);
    if (!m) continue;
    let params: RouteParams;
    try {
      params = { webhookId: m[1] === undefined ? undefined : decodeURIComponent(m[1]), conversationId: m[2] === undefined ? undefined : decodeURIComponent(m[2]) };
    } catch {
      return { kind: 'notFound' };
    }
    const route = methods[method.toUpperCase()];
    if (route) return { kind: 'route', route, params };
    return { kind: 'methodNotAllowed', allow: Object.keys(methods), route: Object.values(methods)[0] as RouteName };
  }
  return { kind: 'notFound' };
}
