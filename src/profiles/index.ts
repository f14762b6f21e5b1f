// The source profiles, most specific first. To support a new kind of source, add a module that
// implements SourceProfile and list it here.
import { essaySite } from './essay-site.ts';
import { htmlArticle } from './html-article.ts';
import { markdown } from './markdown.ts';
import { plainText } from './plain-text.ts';
import type { SourceProfile } from './profile.ts';
import { wikipediaDump } from './wikipedia-dump.ts';

export type { SourceProfile, StripResult } from './profile.ts';

export const PROFILES: readonly SourceProfile[] = [wikipediaDump, essaySite, markdown, htmlArticle, plainText];

export const profileByName = (name: string): SourceProfile | undefined => PROFILES.find((p) => p.name === name);
