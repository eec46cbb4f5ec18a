import { describe, expect, it } from 'vitest';
import { isPermanentSmtpRefusal } from './smtp-transport';

describe('isPermanentSmtpRefusal', () => {
  it('gives up on 5xx refusals of the message, retries 4xx, network errors and authentication failures', () => {
    expect(isPermanentSmtpRefusal(Object.assign(new Error('550 no such user'), { responseCode: 550, code: 'EENVELOPE' }))).toBe(true);
    expect(isPermanentSmtpRefusal(Object.assign(new Error('554 rejected'), { responseCode: 554, code: 'EMESSAGE' }))).toBe(true);
    expect(isPermanentSmtpRefusal(Object.assign(new Error('451 later'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentSmtpRefusal(Object.assign(new Error('535 bad credentials'), { responseCode: 535, code: 'EAUTH' }))).toBe(false);
    expect(isPermanentSmtpRefusal(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }))).toBe(false);
    expect(isPermanentSmtpRefusal('550')).toBe(false);
  });
});
