import type { FolderItem } from '../../model/types';
import { BeanType } from '../exportModel';
import { C, property } from './beanProperty';
import { allView, itemBean, visibleChildren } from './jobBeans';

/** `hudson.model.Hudson`, the root object. */
export const rootType = new BeanType<FolderItem, C>('hudson.model.Hudson', [
  property('assignedLabels', () => [{ name: 'built-in' }]),
  property('mode', () => 'NORMAL'),
  property('nodeDescription', () => "the Jenkins controller's built-in node"),
  property('nodeName', () => ''),
  property('numExecutors', (_r, c) => c.engine.executors),
  property('description', () => null),
  property('jobs', (r, c) => visibleChildren(r, c).map(itemBean)),
  property('overallLoad', () => ({})),
  property('primaryView', (_r, c) => allView(`${c.baseUrl}/`)),
  property('quietDownReason', () => null),
  property('quietingDown', () => false),
  property('slaveAgentPort', () => -1),
  property('unlabeledLoad', () => ({
    _class: 'jenkins.model.UnlabeledLoadStatistics',
  })),
  property('url', (_r, c) => `${c.baseUrl}/`),
  property('useCrumbs', (_r, c) => c.useCrumbs),
  property('useSecurity', (_r, c) => c.useSecurity),
  property('views', (_r, c) => [allView(`${c.baseUrl}/`)]),
]);
