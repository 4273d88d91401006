import { TwilioApiError } from '../../http/twilio-error';

// Codes from Twilio's error dictionary (twilio.com/docs/api/errors/<code>). The dictionary gives no
// HTTP status for them; the statuses below follow REST convention (404 missing, 409 conflict,
// 412 failed If-Match, 400 bad input) and are the emulator's assumption.
const error = (status: number, code: number) => (message: string) =>
  new TwilioApiError(status, code, message);

export const syncErrors = {
  serviceNotFound: (id: string) => error(404, 54050)(`Service Instance not found: ${id}`),
  serviceOfOtherAccount: (id: string) =>
    error(403, 54056)(`Account cannot access requested Service Instance ${id}`),
  documentNotFound: (id: string) => error(404, 54100)(`Document not found: ${id}`),
  documentRevisionMismatch: error(412, 54103),
  listNotFound: (id: string) => error(404, 54150)(`List not found: ${id}`),
  listItemNotFound: (index: string) => error(404, 54151)(`List Item not found: ${index}`),
  listItemRevisionMismatch: error(412, 54155),
  listItemDataMissing: () => error(400, 54156)("The 'Data' parameter cannot be null"),
  invalidListItemIndex: (value: string) =>
    error(400, 54458)(`The List Item index must be a non-negative integer, got '${value}'`),
  mapNotFound: (id: string) => error(404, 54200)(`Map not found: ${id}`),
  mapItemNotFound: (key: string) => error(404, 54201)(`Map Item not found: ${key}`),
  mapItemRevisionMismatch: error(412, 54205),
  mapItemDataMissing: () => error(400, 54206)("The 'Data' parameter cannot be null"),
  mapItemExists: (key: string) => error(409, 54208)(`Map Item already exists: ${key}`),
  invalidMapItemKey: () => error(400, 54209)('The Map Item key must be a string with length 1-320'),
  invalidJson: (why: string) => error(400, 54008)(`The specified 'Data' parameter is ${why}`),
  invalidTtl: (name: string, value: string) =>
    error(400, 54011)(`${name} must be empty or an integer between 0 and 31536000, got '${value}'`),
  uniqueNameExists: (name: string) =>
    error(409, 54301)(`An object with the unique name '${name}' already exists`),
  invalidUniqueName: (name: string) =>
    error(
      400,
      54302,
    )(`Invalid unique name '${name}': use 1-320 characters that do not look like a SID`),
  invalidQuery: (name: string, value: string) => error(400, 20001)(`Invalid ${name}: '${value}'`),
};
