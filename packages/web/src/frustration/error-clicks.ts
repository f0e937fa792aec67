import type { Link, Span } from '@opentelemetry/api';
import { ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TARGET, ErrorType, EventType } from '@otel-rum/semconv';
import type { RumCore } from '../core/types.js';
import { clickedElement } from './clicks.js';
import type { FrustrationOptions } from './options.js';

interface RecentClick {
  event: MouseEvent;
  element: Element;
  /** The user action the click started, if it started one. */
  action?: Span;
}

/**
 * Error clicks (SPEC §2): a click followed within `errorClickWindowMs` by a JavaScript error. The
 * span links to the click's action (when the click started one) and to the error; one per click.
 */
export function watchErrorClicks(core: RumCore, options: FrustrationOptions): () => void {
  let recent: RecentClick | undefined;

  const onClick = (event: MouseEvent): void => {
    const element = clickedElement(event);
    recent = element ? { event, element } : undefined;
  };
  const stopActions = core.signals.on('action-start', ({ span, trigger }) => {
    if (recent && trigger === recent.event) recent.action = span;
  });
  const stopErrors = core.signals.on('error', ({ spanContext, errorType }) => {
    if (errorType !== ErrorType.JAVASCRIPT || !recent || performance.now() - recent.event.timeStamp > options.errorClickWindowMs) return;
    const click = recent;
    recent = undefined;
    const links: Link[] = [{ context: spanContext }];
    if (click.action) links.unshift({ context: click.action.spanContext() });
    const { name, target } = core.describeElement(click.element);
    core.recordEvent(EventType.ERROR_CLICK, EventType.ERROR_CLICK, { links, attributes: { [ATTR_RUM_ACTION_TARGET]: target, [ATTR_RUM_ACTION_NAME]: name } });
  });

  window.addEventListener('click', onClick, { capture: true, passive: true });
  return () => {
    window.removeEventListener('click', onClick, { capture: true });
    stopActions();
    stopErrors();
  };
}
