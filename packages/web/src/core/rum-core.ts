import { ROOT_CONTEXT, SamplingDecision, trace, type Attributes, type Sampler } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import {
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_SESSION_END_REASON,
  ATTR_RUM_SESSION_ID,
  ATTR_SESSION_ID,
  ATTR_SESSION_PREVIOUS_ID,
  ATTR_URL_FULL,
  EventType,
} from '@otel-rum/semconv';
import { describeElement, sanitizeUrl } from '../privacy/index.js';
import { isSessionSampled, SessionManager } from '../session/index.js';
import { SpanTransport } from '../transport/index.js';
import type { ResolvedOptions } from './options.js';
import { toHrTime } from './clock.js';
import { pageResource } from './resource.js';
import { createSignalBus } from './signal-bus.js';
import type { InstrumentationApi, OpenAction, RumCore, RumSpanOptions } from './types.js';
import { SDK_SCOPE_NAME, SDK_VERSION } from './version.js';

/** The core plus what only `initRum` handles: the session and the provider (which owns the transport). */
export interface CoreRuntime {
  core: RumCore;
  session: SessionManager;
  provider: TracerProvider;
  providedApi: Partial<InstrumentationApi>;
  /** Removes the core's own listeners. */
  stop(): void;
}

/** Whole-session sampling: decided from the session id every RUM span carries. */
function sessionSampler(sampleRate: number): Sampler {
  return {
    shouldSample: (_context, _traceId, _name, _kind, attributes) => {
      const sessionId = attributes[ATTR_RUM_SESSION_ID];
      const sampled = typeof sessionId === 'string' && isSessionSampled(sessionId, sampleRate);
      return { decision: sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
    },
    toString: () => `otel-rum session sampler (${sampleRate})`,
  };
}

const sessionAttributes = (sessionId: string): Attributes => ({ [ATTR_RUM_SESSION_ID]: sessionId, [ATTR_SESSION_ID]: sessionId });

export function createCore(options: ResolvedOptions): CoreRuntime {
  const transport = new SpanTransport({ endpoint: options.endpoint, headers: options.headers ?? {}, ...options.transport });
  const provider = new TracerProvider({
    resource: pageResource(options),
    sampler: sessionSampler(options.session.sampleRate),
    spanProcessors: [transport],
  });
  const tracer = provider.getTracer(SDK_SCOPE_NAME, SDK_VERSION);
  const signals = createSignalBus();
  let openActions: readonly OpenAction[] = [];
  const providedApi: Partial<InstrumentationApi> = {};
  // Every span carries the page URL: parse and sanitize it once per URL, not once per span.
  let pageUrl = { href: '', sanitized: '' };
  const sanitizedPageUrl = (): string => {
    if (pageUrl.href !== location.href) pageUrl = { href: location.href, sanitized: core.sanitizeUrl(location.href) };
    return pageUrl.sanitized;
  };

  const session = new SessionManager(options.session, {
    onStart(sessionId, previousId) {
      core.recordEvent(EventType.SESSION_START, 'session_start', {
        parent: null,
        attributes: { ...sessionAttributes(sessionId), ...(previousId ? { [ATTR_SESSION_PREVIOUS_ID]: previousId } : {}) },
      });
      signals.emit('session-start', { sessionId, ...(previousId ? { previousId } : {}) });
    },
    onEnd(sessionId, reason) {
      core.recordEvent(EventType.SESSION_END, 'session_end', {
        parent: null,
        attributes: { ...sessionAttributes(sessionId), [ATTR_RUM_SESSION_END_REASON]: reason },
      });
      signals.emit('session-end', { sessionId, reason });
    },
  });

  const core: RumCore = {
    options,
    tracer,
    signals,
    sessionId: () => session.currentId(),
    activeSessionId: () => session.activeId(),
    startSpan(eventType, name, spanOptions: RumSpanOptions = {}) {
      const parent = spanOptions.parent === undefined ? core.currentAction() : spanOptions.parent;
      // Spans may name their session: session spans (asking for the current one could start a new
      // one) and interactions, whose span starts after the fact in the session they happened in.
      const explicitSession = spanOptions.attributes?.[ATTR_RUM_SESSION_ID];
      return tracer.startSpan(
        name,
        {
          kind: spanOptions.kind,
          startTime: toHrTime(spanOptions.startTime),
          links: spanOptions.links,
          attributes: {
            ...sessionAttributes(typeof explicitSession === 'string' ? explicitSession : session.currentId()),
            [ATTR_RUM_EVENT_TYPE]: eventType,
            [ATTR_URL_FULL]: sanitizedPageUrl(),
            ...spanOptions.attributes,
          },
        },
        parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
      );
    },
    recordEvent(eventType, name, spanOptions: RumSpanOptions = {}) {
      const startTime = toHrTime(spanOptions.startTime);
      const span = core.startSpan(eventType, name, { ...spanOptions, startTime });
      span.end(startTime);
      return span;
    },
    currentAction(currentOptions) {
      for (let index = openActions.length - 1; index >= 0; index--) {
        const action = openActions[index]!;
        // A candidate's span starts here, when its first request asks for its parent.
        if (currentOptions?.includeCandidates || action.counted) return action.span;
      }
      return undefined;
    },
    followActions(actions) {
      openActions = actions;
    },
    sanitizeUrl: (url) => sanitizeUrl(url, options.privacy.allowedQueryParams),
    describeElement: (element) => describeElement(element, options.privacy.maskAllText),
    provideApi(methods) {
      Object.assign(providedApi, methods);
    },
  };

  const onVisibilityChange = (): void => {
    if (document.visibilityState === 'hidden') transport.flushForPageHide();
  };
  const onPageHide = (event: PageTransitionEvent): void => {
    signals.emit('page-hide', { persisted: event.persisted });
    transport.flushForPageHide();
  };
  document.addEventListener('visibilitychange', onVisibilityChange);
  // `pagehide`, never `unload`: an unload listener keeps the page out of the back/forward cache.
  addEventListener('pagehide', onPageHide);

  const unsubscribers = [
    () => document.removeEventListener('visibilitychange', onVisibilityChange),
    () => removeEventListener('pagehide', onPageHide),
    signals.on('user-action', ({ span }) => {
      // The action belongs to the session it kept alive, which may be a new one (action limit).
      span.setAttributes(sessionAttributes(session.recordAction()));
    }),
  ];

  return {
    core,
    session,
    provider,
    providedApi,
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      session.shutdown();
    },
  };
}
