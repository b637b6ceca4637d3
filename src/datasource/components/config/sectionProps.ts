import { type SpacetimeOptions, type SpacetimeSecureOptions } from '../../types';

/** What a system's own settings section reads and writes. */
export interface SectionProps {
  jsonData: SpacetimeOptions;
  secureJsonData: SpacetimeSecureOptions;
  secureJsonFields: Record<string, boolean>;
  /** The saved datasource's uid ('' before the first save): resource calls need it. */
  uid: string;
  /** The URL setting as typed (a JSON API template must stay on its site). */
  url: string;
  setJsonData: (patch: Partial<SpacetimeOptions>) => void;
  setSecure: (key: keyof SpacetimeSecureOptions, value: string) => void;
  resetSecure: (key: keyof SpacetimeSecureOptions) => void;
}
