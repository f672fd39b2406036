import {
  CompoundEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';

/** The current entity and its ref, as the Jenkins API takes it. */
export function useJenkinsEntity() {
  const { entity } = useEntity();
  const entityRef: CompoundEntityRef = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  return { entity, entityRef };
}
