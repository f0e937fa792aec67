import {
  ATTR_RUM_USER_TAG,
  ATTR_USER_ID,
  EventType,
  isValidSessionPropertyName,
  isValidSessionPropertyValue,
  MAX_SESSION_PROPERTY_NAME_LENGTH,
  MAX_SESSION_PROPERTY_VALUE_LENGTH,
  sessionPropertyAttribute,
} from '@otel-rum/semconv';
import type { Instrumentation } from '../core/types.js';

const MAX_USER_TAG_LENGTH = 256;

/** `identifyUser()` and `setSessionProperty()` of the API: `user_tag` and `session_property` spans. */
export const userInstrumentation: Instrumentation = {
  name: 'user',
  install(core) {
    core.provideApi({
      identifyUser(tag: string) {
        if (typeof tag !== 'string' || tag.trim() === '' || tag.length > MAX_USER_TAG_LENGTH) {
          throw new TypeError(`otel-rum: identifyUser needs a non-empty string of at most ${MAX_USER_TAG_LENGTH} characters, got ${typeof tag === 'string' ? `${tag.length} characters` : typeof tag}`);
        }
        core.recordEvent(EventType.USER_TAG, EventType.USER_TAG, { parent: null, attributes: { [ATTR_RUM_USER_TAG]: tag, [ATTR_USER_ID]: tag } });
      },
      setSessionProperty(name: string, value: string | number | boolean) {
        if (!isValidSessionPropertyName(name)) {
          throw new TypeError(`otel-rum: setSessionProperty: invalid name ${JSON.stringify(name)}; use lowercase letters, digits and "_", starting with a letter, at most ${MAX_SESSION_PROPERTY_NAME_LENGTH} characters`);
        }
        if (!isValidSessionPropertyValue(value)) {
          throw new TypeError(`otel-rum: setSessionProperty: invalid value for "${name}"; use a string of at most ${MAX_SESSION_PROPERTY_VALUE_LENGTH} characters, a finite number or a boolean`);
        }
        core.recordEvent(EventType.SESSION_PROPERTY, EventType.SESSION_PROPERTY, { parent: null, attributes: { [sessionPropertyAttribute(name)]: value } });
      },
    });
    return () => {};
  },
};
