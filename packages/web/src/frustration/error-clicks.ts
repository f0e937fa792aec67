import type { Link } from '@opentelemetry/api';
import { ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TARGET, ErrorType, EventType } from '@otel-rum/semconv';
import type { OpenAction, RumCore } from '../core/types.js';
import { clickedElement } from './clicks.js';
import type { FrustrationOptions } from './options.js';

interface RecentClick {
  event: MouseEvent;
  element: Element;
}

/**
 * Error clicks (SPEC §2): a click followed within `errorClickWindowMs` by a JavaScript error. The
 * span links to the error and to the click's user action, when the click made one (an interaction
 * that started no request is no user action and is never sent); one error click per click.
 */
export function watchErrorClicks(core: RumCore, options: FrustrationOptions): () => void {
  let recent: RecentClick | undefined;
  // The core opens an action candidate for each click (maybe before this listener sees the click);
  // the candidate is a user action only once it counts, and only then has a span worth linking to.
  const actionsByClick = new WeakMap<Event, OpenAction>();

  const onClick = (event: MouseEvent): void => {
    const element = clickedElement(event);
    recent = element ? { event, element } : undefined;
  };
  const stopActions = core.signals.on('action-start', ({ action, trigger }) => {
    if (trigger) actionsByClick.set(trigger, action);
  });
  const stopErrors = core.signals.on('error', ({ spanContext, errorType }) => {
    if (errorType !== ErrorType.JAVASCRIPT || !recent || performance.now() - recent.event.timeStamp > options.errorClickWindowMs) return;
    const click = recent;
    recent = undefined;
    const links: Link[] = [{ context: spanContext }];
    const action = actionsByClick.get(click.event);
    if (action?.counted) links.unshift({ context: action.span.spanContext() });
    const { name, target } = core.describeElement(click.element);
    core.recordEvent(EventType.ERROR_CLICK, EventType.ERROR_CLICK, { parent: null, links, attributes: { [ATTR_RUM_ACTION_TARGET]: target, [ATTR_RUM_ACTION_NAME]: name } });
  });

  window.addEventListener('click', onClick, { capture: true, passive: true });
  return () => {
    window.removeEventListener('click', onClick, { capture: true });
    stopActions();
    stopErrors();
  };
}
