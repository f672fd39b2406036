/** `Queue` and its items (`WaitingItem`, `BlockedItem`, `BuildableItem`, `LeftItem`). */
import type { QueueItem } from '../../model/SimEngine';
import { Bean, BeanType } from '../exportModel';
import { causeActionType, parametersActionType } from './actionBeans';
import { C, property } from './beanProperty';
import { buildBean } from './buildBeans';
import { itemBean } from './jobBeans';

function queueClass(item: QueueItem, c: C): string {
  if (item.leftAt !== undefined) return 'hudson.model.Queue$LeftItem';
  if (item.quietUntil > c.now) return 'hudson.model.Queue$WaitingItem';
  if (c.engine.isBlocked(item)) return 'hudson.model.Queue$BlockedItem';
  return 'hudson.model.Queue$BuildableItem';
}

const queueItemType = new BeanType<QueueItem, C>(queueClass, [
  property(
    'actions',
    i => [
      ...(i.parameters.length > 0
        ? [new Bean(parametersActionType, i.parameters)]
        : []),
      new Bean(causeActionType, i.causes),
    ],
    999,
  ),
  property(
    'blocked',
    (i, c) => queueClass(i, c) === 'hudson.model.Queue$BlockedItem',
    999,
  ),
  property(
    'buildable',
    (i, c) => queueClass(i, c) === 'hudson.model.Queue$BuildableItem',
    999,
  ),
  property('id', i => i.id, 999),
  property('inQueueSince', i => i.inQueueSince, 999),
  property(
    'params',
    i =>
      i.parameters
        .map(
          v =>
            `\n${v.name}=${v.type === 'password' ? '****' : String(v.value)}`,
        )
        .join(''),
    999,
  ),
  property('stuck', () => false, 999),
  property('task', i => itemBean(i.job), 999),
  property('url', i => `queue/item/${i.id}/`, 999),
  property('why', (i, c) => c.engine.why(i), 999),
  // Subclass properties: only the class in question has them.
  property(
    'timestamp',
    (i, c) =>
      queueClass(i, c) === 'hudson.model.Queue$WaitingItem'
        ? i.quietUntil
        : undefined,
    999,
  ),
  property(
    'buildableStartMilliseconds',
    (i, c) => {
      const cls = queueClass(i, c);
      return cls === 'hudson.model.Queue$BlockedItem' ||
        cls === 'hudson.model.Queue$BuildableItem'
        ? i.buildableSince ?? i.quietUntil
        : undefined;
    },
    999,
  ),
  property(
    'pending',
    (i, c) =>
      queueClass(i, c) === 'hudson.model.Queue$BuildableItem'
        ? false
        : undefined,
    999,
  ),
  property(
    'cancelled',
    i => (i.leftAt !== undefined ? i.cancelled : undefined),
    999,
  ),
  property(
    'executable',
    i => (i.leftAt !== undefined ? buildBean(i.build) : undefined),
    999,
  ),
]);

/** A queue item bean; its `_class` reflects the state at the time of writing. */
export function queueItemBean(item: QueueItem): Bean {
  return new Bean(queueItemType, item);
}

/** `hudson.model.Queue`. */
export const queueType = new BeanType<QueueItem[], C>('hudson.model.Queue', [
  property('discoverableItems', () => []),
  property(
    'items',
    items => items.map(i => new Bean(queueItemType, i)),
    1,
    true,
  ),
]);
