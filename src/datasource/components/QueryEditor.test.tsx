import { limitError } from './QueryEditor';

describe('limitError', () => {
  test.each([undefined, 1, 100, 1000])('accepts %s', (limit) => {
    expect(limitError(limit)).toBeUndefined();
  });

  test.each([0, -5, 1001, 2.5, Number.NaN])('rejects %s with the allowed range', (limit) => {
    expect(limitError(limit)).toBe('Limit must be a whole number from 1 to 1000');
  });
});
