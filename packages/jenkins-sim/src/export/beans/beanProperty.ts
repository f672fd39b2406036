import type { ExportContext } from '../ExportContext';
import { Bean, BeanType, ExportedProperty } from '../exportModel';

/** The export context every bean property receives. */
export type C = ExportContext;

/** An exported property of a Jenkins bean. */
export type Prop<T> = ExportedProperty<T, C>;

/** Declares a property (`@Exported(visibility, inline)`); stapler's default visibility is 1. */
export const property = <T>(
  name: string,
  get: (t: T, c: C) => unknown,
  visibility = 1,
  inline = false,
): Prop<T> => ({ name, get, visibility, inline });

/** A bean whose only exported trait is its class (an action without exported properties). */
export const markerBean = (cls: string) =>
  new Bean(new BeanType<unknown, C>(cls, []), null);
