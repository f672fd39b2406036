import express from 'express';
import { createHash } from 'node:crypto';

/**
 * The entity tag of a JSON body: a hash of its bytes, so the same answer
 * always has the same tag, on every replica.
 */
export function entityTagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether `If-None-Match` names the tag (weak or strong, in a list, or `*`). */
export function matchesEntityTag(
  ifNoneMatch: string | undefined,
  tag: string,
): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map(candidate => candidate.trim().replace(/^W\//, ''))
    .some(candidate => candidate === '*' || candidate === tag);
}

/**
 * Answers a read with JSON and an ETag, or 304 without a body when the
 * caller already holds that answer (`If-None-Match`). `private, no-cache`
 * lets the browser keep the answer but makes it ask again every time, so a
 * refresh of an unchanged view costs one small request and no JSON.
 */
export function sendConditionalJson(
  req: express.Request,
  res: express.Response,
  value: unknown,
): void {
  const body = JSON.stringify(value);
  const tag = entityTagOf(body);
  res.setHeader('ETag', tag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (matchesEntityTag(req.header('If-None-Match'), tag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(body);
}
