/**
 * msw handlers for the gallery's 示例数据 mode, built from the same fixture files the widget tests
 * render (`demo/fixtures/*.ts`), so a state a designer approves is the state the tests protect.
 *
 * Paths match under any prefix (`<base>/auth/session`): each gallery frame points its widgets at its own
 * BFF base (see gallery/state.ts), which keeps the frames' tab groups apart.
 */
import { delay, http, HttpResponse, type JsonBodyType, type RequestHandler } from 'msw';
import { answerCasesApi, createCasesWorld } from '../fixtures/cases-api.js';
import type { CaseTrackerFixture, UserSpaceFixture } from '../fixtures/cases.js';
import { answerConsultApi, createConsultWorld, type UploadedFile } from '../fixtures/consult-api.js';
import type { ConsultFixture } from '../fixtures/consult.js';
import { LIVE_REPLY } from '../fixtures/consult-data.js';
import { answerEvaluationsApi, createEvaluationsWorld, type EvaluationsApiMode } from '../fixtures/evaluations-api.js';
import { answerItemsApi, type ItemsApiMode } from '../fixtures/items-api.js';
import type { LoginFixture } from '../fixtures/login.js';
import { answerNoticesApi, createNoticesWorld } from '../fixtures/notices-api.js';
import type { NoticesFixture } from '../fixtures/notices.js';
import { answerRecommendApi, createRecommendWorld } from '../fixtures/recommend-api.js';
import type { RecommendFixture } from '../fixtures/recommend.js';

/** An SSE event the mocked `/events` stream sends, `afterMs` after the stream opens. */
export interface MockStreamEvent {
  type: string;
  data: unknown;
  afterMs: number;
  /** Runs just before the event goes out: the fake BFF's data changes as the real sync's would. */
  onSend?: () => void;
}

const encoder = new TextEncoder();

/**
 * `GET /events` as a stream that stays open (an EventSource reconnects — and logs — when a stream ends)
 * and sends `events` on schedule in the BFF's wire format (bff/events/routes.ts): unnamed messages,
 * `data: {"type","data"}`, increasing ids like the hub's.
 */
export function eventStreamHandler(events: readonly MockStreamEvent[] = []): RequestHandler {
  return http.get('*/events', ({ request }) => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // A comment line first: the browser reports the stream open without waiting for an event.
        controller.enqueue(encoder.encode(': 示例数据\n\n'));
        events.forEach((event, index) => {
          timers.push(
            setTimeout(() => {
              event.onSend?.();
              const data = JSON.stringify({ type: event.type, data: event.data });
              controller.enqueue(encoder.encode(`id: ${index + 1}\ndata: ${data}\n\n`));
            }, event.afterMs),
          );
        });
        request.signal.addEventListener('abort', () => timers.forEach(clearTimeout));
      },
      cancel() {
        timers.forEach(clearTimeout);
      },
    });
    return new HttpResponse(stream, {
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' },
    });
  });
}

/** What the BFF would answer for one `<gov-login>` fixture state. */
export function loginHandlers(fixture: LoginFixture): RequestHandler[] {
  const streamEvents: MockStreamEvent[] =
    fixture.afterLoad === 'logout-elsewhere'
      ? // Long enough after load for a designer to see the signed-in state first.
        [{ type: 'logout', data: { reason: 'backchannel' }, afterMs: 1500 }]
      : [];
  return [
    http.get('*/auth/session', async () => {
      if (fixture.pending) await delay('infinite');
      return HttpResponse.json(fixture.session, { status: fixture.status, headers: { 'Cache-Control': 'no-store' } });
    }),
    eventStreamHandler(streamEvents),
  ];
}

/** The navigation and search API (`/api/v1/items|facets|search|suggest`) answered by the fixtures' fake. */
export function itemsApiHandlers(mode: ItemsApiMode): RequestHandler[] {
  return [
    http.get('*/api/v1/*', async ({ request }) => {
      const answer = answerItemsApi(mode, new URL(request.url));
      if (!answer) return undefined; // not a navigation route: falls through to the next handler / the network
      if (answer.pending) await delay('infinite');
      return HttpResponse.json(answer.body as JsonBodyType, {
        status: answer.status,
        headers: { 'Cache-Control': 'no-store' },
      });
    }),
  ];
}

/**
 * The case-tracking and personal-space API (`/auth/session`, `/api/v1/cases|case-lookup|notices|evaluations|
 * consultations|me`) answered by the fixtures' fake for one `<gov-case-tracker>` or `<gov-user-space>` state,
 * with the state's `case-progress` events on the stream (each advances its case in the fake first).
 */
export function casesHandlers(fixture: CaseTrackerFixture | UserSpaceFixture): RequestHandler[] {
  const world = createCasesWorld(fixture.mode, fixture.lookupFactor);
  const streamEvents: MockStreamEvent[] = (fixture.progress ?? []).map(({ projectNo, afterMs }) => ({
    type: 'case-progress',
    data: { projectNo, kind: 'step' },
    afterMs,
    onSend: () => void world.progress(projectNo),
  }));
  const answer = async ({ request }: { request: Request }) => {
    const body: unknown = request.method === 'POST' ? await request.json().catch(() => undefined) : undefined;
    const reply = answerCasesApi(world, request.method, new URL(request.url), body);
    if (!reply) return undefined;
    if (reply.pending) await delay('infinite');
    return HttpResponse.json(reply.body as JsonBodyType, {
      status: reply.status,
      headers: { 'Cache-Control': 'no-store' },
    });
  };
  return [http.all('*/auth/session', answer), http.all('*/api/v1/*', answer), eventStreamHandler(streamEvents)];
}

/**
 * The 好差评 API (`/api/v1/evaluations/form`, `POST /api/v1/evaluations`, `/api/v1/evaluation-stats`) answered by
 * the fixtures' fake for one `<gov-evaluate>` or `<gov-evaluation-stats>` state; a submission changes the
 * frame's own fake world, as the BFF's store would.
 */
export function evaluationsHandlers(mode: EvaluationsApiMode): RequestHandler[] {
  const world = createEvaluationsWorld(mode);
  return [
    http.all('*/api/v1/*', async ({ request }) => {
      const body: unknown = request.method === 'POST' ? await request.json().catch(() => undefined) : undefined;
      const reply = answerEvaluationsApi(world, request.method, new URL(request.url), body);
      if (!reply) return undefined;
      if (reply.pending) await delay('infinite');
      return HttpResponse.json(reply.body as JsonBodyType, {
        status: reply.status,
        headers: { 'Cache-Control': 'no-store' },
      });
    }),
  ];
}

/**
 * The 互动服务 API (`/auth/session`, `/api/v1/assistant`, `/api/v1/consultations…`) answered by the fixtures' fake for
 * one `<gov-consult>` state; uploads arrive as multipart like the BFF's, and a state with `replyAfterMs` gets the
 * agency's reply on the stream (the fake's ticket is answered first, as the sync would).
 */
export function consultHandlers(fixture: ConsultFixture): RequestHandler[] {
  const world = createConsultWorld(fixture.mode);
  const streamEvents: MockStreamEvent[] =
    fixture.replyAfterMs === undefined
      ? []
      : [
          {
            type: 'consultation-reply',
            data: { trackingNo: LIVE_REPLY.trackingNo, status: 'replied', statusLabel: '已答复' },
            afterMs: fixture.replyAfterMs,
            onSend: () => world.reply(),
          },
        ];
  const answer = async ({ request }: { request: Request }) => {
    let body: unknown;
    if (request.headers.get('Content-Type')?.startsWith('multipart/')) {
      const file = (await request.formData()).get('file');
      body =
        file instanceof File
          ? ({
              name: file.name,
              type: file.type,
              bytes: new Uint8Array(await file.arrayBuffer()),
            } satisfies UploadedFile)
          : undefined;
    } else if (request.method === 'POST') body = await request.json().catch(() => undefined);
    const reply = answerConsultApi(world, request.method, new URL(request.url), body);
    if (!reply) return undefined;
    if (reply.pending) await delay('infinite');
    return HttpResponse.json(reply.body as JsonBodyType, {
      status: reply.status,
      headers: { 'Cache-Control': 'no-store' },
    });
  };
  return [http.all('*/auth/session', answer), http.all('*/api/v1/*', answer), eventStreamHandler(streamEvents)];
}

/**
 * The inbox (`/auth/session`, `/api/v1/notices…`) answered by the fixtures' fake for one `<gov-notices>` state, with
 * the state's live `notice` events on the stream (each added to the fake's inbox first, as the BFF stores then
 * publishes).
 */
export function noticesHandlers(fixture: NoticesFixture): RequestHandler[] {
  const world = createNoticesWorld(fixture.mode);
  const streamEvents: MockStreamEvent[] = (fixture.live ?? []).map(({ title, afterMs }) => {
    // Filled when sent: the notice is created in the fake at that moment.
    const data: Record<string, unknown> = {};
    return { type: 'notice', data, afterMs, onSend: () => void Object.assign(data, world.push(title)) };
  });
  const answer = async ({ request }: { request: Request }) => {
    const reply = answerNoticesApi(world, request.method, new URL(request.url));
    if (!reply) return undefined;
    if (reply.pending) await delay('infinite');
    return HttpResponse.json(reply.body as JsonBodyType, {
      status: reply.status,
      headers: { 'Cache-Control': 'no-store' },
    });
  };
  return [http.all('*/auth/session', answer), http.all('*/api/v1/*', answer), eventStreamHandler(streamEvents)];
}

/**
 * 猜你想办 (`/auth/session`, `/api/v1/recommendations…`: the list, consent, my records) answered by the fixtures' fake
 * for one `<gov-recommend>` state; consent changes and deletions change the frame's own fake world.
 */
export function recommendHandlers(fixture: RecommendFixture): RequestHandler[] {
  const world = createRecommendWorld(fixture.mode);
  const answer = async ({ request }: { request: Request }) => {
    const body: unknown = /^(PUT|POST)$/.test(request.method) ? await request.json().catch(() => undefined) : undefined;
    const reply = answerRecommendApi(world, request.method, new URL(request.url), body);
    if (!reply) return undefined;
    if (reply.pending) await delay('infinite');
    if (reply.status === 204) return new HttpResponse(null, { status: 204 });
    return HttpResponse.json(reply.body as JsonBodyType, {
      status: reply.status,
      headers: { 'Cache-Control': 'no-store' },
    });
  };
  return [http.all('*/auth/session', answer), http.all('*/api/v1/*', answer), eventStreamHandler()];
}
