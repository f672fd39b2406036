import { carriesWebhookSecret } from './webhookSecret';

const basic = (userInfo: string) =>
  `Basic ${Buffer.from(userInfo).toString('base64')}`;

describe('carriesWebhookSecret', () => {
  it('accepts the secret as the Basic password of any user, or as a Bearer token', () => {
    expect(carriesWebhookSecret(basic('backstage:s3cret'), 's3cret')).toBe(
      true,
    );
    expect(carriesWebhookSecret(basic('jenkins:s3cret'), 's3cret')).toBe(true);
    expect(carriesWebhookSecret('Bearer s3cret', 's3cret')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(carriesWebhookSecret(undefined, 's3cret')).toBe(false);
    expect(carriesWebhookSecret(basic('s3cret:'), 's3cret')).toBe(false);
    expect(carriesWebhookSecret(basic('s3cret'), 's3cret')).toBe(false);
    expect(carriesWebhookSecret(basic('u:s3cre'), 's3cret')).toBe(false);
    expect(carriesWebhookSecret('Bearer s3cretx', 's3cret')).toBe(false);
    expect(carriesWebhookSecret('Digest s3cret', 's3cret')).toBe(false);
  });

  it('accepts a password still percent-encoded, as the plugin sends userinfo', () => {
    // Protocol.HTTP: Base64 of URL.getUserInfo(), which is not decoded.
    expect(carriesWebhookSecret(basic('u:a%2Fb'), 'a/b')).toBe(true);
  });
});
