import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { acronymAfter, acronymMatches, cleanMention, compileLexicon, cuedPlaces, entityKey, extractMentions, lawMentions, orgMentions, programmeMentions, teachCompromise } from '../src/nlp/entities.ts';
import { parseReference } from '../src/nlp/references.ts';
import { extractStatistics, yearOf } from '../src/nlp/statistics.ts';
import { cuedPersons, foldPlaceName, gazetteerPlaces, linkShortForms, linkSurnames } from '../src/nlp/entities.ts';

const lexicon = compileLexicon();
teachCompromise(lexicon);
const stats = (text: string) => extractStatistics(nlp(text), text).map((s) => ({ text: s.text, value: s.value, kind: s.kind, unit: s.unit }));
const full = (text: string) => extractStatistics(nlp(text), text);

describe('statistics', () => {
  it('normalises the ILO figures of the seeds', () => {
    const text =
      'According to the International Labour Organization (ILO), forced labour alone (one component of human trafficking) generates an estimated $150 billion in profits per annum as of 2014. In 2012, the ILO estimated that 21 million victims are trapped in modern-day slavery. Of these, 14.2 million (68%) were exploited for labour, 4.5 million (22%) were sexually exploited, and 2.2 million (10%) were exploited in state-imposed forced labour.';
    const s = stats(text);
    expect(s).toContainEqual({ text: '$150 billion', value: 150_000_000_000, kind: 'money', unit: 'usd' });
    expect(s).toContainEqual({ text: '21 million', value: 21_000_000, kind: 'count', unit: 'victims' });
    expect(s.find((x) => x.text === '14.2 million')?.value).toBe(14_200_000);
    expect(s).toContainEqual({ text: '68%', value: 68, kind: 'percent', unit: null });
    expect(s.map((x) => x.value)).not.toContain(2014);
    expect(s.map((x) => x.value)).not.toContain(2012);
  });

  it('reads thousands separators and currency prefixes', () => {
    expect(stats('In 2024, the hotline received approximately 2,000 reports.')).toEqual([{ text: '2,000', value: 2000, kind: 'count', unit: 'reports' }]);
    expect(stats('Unskilled work globally generates US$31 billion a year.')[0]).toMatchObject({ text: 'US$31 billion', value: 31e9, kind: 'money', unit: 'usd' });
  });

  it('does not take years, in-text citations, ordinals or section numbers for statistics', () => {
    expect(stats('According to Ahn et al., people are trafficked for various kinds of exploitation (285).')).toEqual([]);
    expect(stats('They coordinate their efforts (Efrat 46).')).toEqual([]);
    expect(stats('Human trafficking is the third largest crime industry in the world.')).toEqual([]);
    expect(stats('The Government applies Section 370 and the Act of 2013, active from 3 February 2013.')).toEqual([]);
    expect(stats('The 2006 armed conflict in Lebanon displaced workers.')).toEqual([]);
    expect(stats('Millions of people are affected.')).toEqual([]);
  });
});

describe('statistics: fractions, ratios, spans of years', () => {
  it('reads shares written as fractions and ratios, and skips spans of years', () => {
    const s = full('Over half of the workers are at risk. Up to one-third of all victims are children. Boys were nineteen times more likely to be victims between 2016 and 2018.');
    expect(s.map((x) => [x.text, x.value, x.kind, x.qualifier])).toEqual([
      ['half', 50, 'percent', 'more than'],
      ['one-third', 33.33, 'percent', 'up to'],
      ['nineteen', 19, 'other', null],
    ]);
  });
});

describe('statistics: spelled-out numbers', () => {
  it('reads hyphenated numbers and keeps digit ranges apart', () => {
    expect(full('Twenty-five women were rescued after forty-two days.').map((x) => [x.text, x.value, x.kind, x.unit])).toEqual([
      ['Twenty-five', 25, 'count', 'women'],
      ['forty-two', 42, 'duration', 'days'],
    ]);
  });
});

describe('statistics: currencies written as words', () => {
  it('reads "2.5 million euros" as money', () => {
    expect(full('The fund received 2.5 million euros and 300 dollars.').map((x) => [x.text, x.value, x.kind, x.unit])).toEqual([
      ['2.5 million', 2.5e6, 'money', 'eur'],
      ['300', 300, 'money', 'usd'],
    ]);
  });
});

describe('statistics: qualifiers, ranges, rates', () => {
  it('reads qualifiers, ranges and rates', () => {
    const s = full('An estimated 2 million children are exploited. Over 140 countries signed. Fewer than 4,500 traffickers are convicted. Between 2,000 and 3,000 people were moved. The rate was 3 per 100,000 inhabitants.');
    expect(s.map((x) => [x.text, x.value, x.valueMax, x.kind, x.unit, x.qualifier])).toEqual([
      ['2 million', 2e6, null, 'count', 'children', 'about'],
      ['140', 140, null, 'count', 'countries', 'more than'],
      ['4,500', 4500, null, 'count', 'traffickers', 'less than'],
      ['2,000 and 3,000', 2000, 3000, 'count', 'people', null],
      ['3 per 100,000 inhabitants', 3, null, 'rate', 'per 100,000 inhabitants', null],
    ]);
  });
});

describe('statistics: ages, ratios, word ranges, units', () => {
  it('reads ages in apposition, age ranges and age limits as durations', () => {
    const s = full('Ionut Varga, 44, of Boston, and Daniela Pop, 39, were jailed. Victims aged between 19 and 63 were found. Children under 18 cannot consent.');
    expect(s.map((x) => [x.text, x.value, x.valueMax, x.kind, x.unit, x.qualifier])).toEqual([
      ['44', 44, null, 'duration', 'years', null],
      ['39', 39, null, 'duration', 'years', null],
      ['19 and 63', 19, 63, 'duration', 'years', null],
      ['18', 18, null, 'duration', 'years', 'less than'],
    ]);
    // A count after a place is not an age.
    expect(full('In Lagos, 44 victims were found.').map((x) => [x.value, x.kind, x.unit])).toEqual([[44, 'count', 'victims']]);
  });

  it('reads "one in five" as a share, spelled-out ranges, "and a half", "three dozen"', () => {
    const s = full('More than one in four victims are children. Only one in five of the requests succeed. Sentences range between five and ten years; he got seven and a half years. Police held three dozen suspects.');
    expect(s.map((x) => [x.text, x.value, x.valueMax, x.kind, x.unit, x.qualifier])).toEqual([
      ['one in four', 25, null, 'percent', 'victims', 'more than'],
      ['one in five', 20, null, 'percent', 'requests', null],
      ['five and ten', 5, 10, 'duration', 'years', null],
      ['seven and a half', 7.5, null, 'duration', 'years', null],
      ['three dozen', 36, null, 'count', 'suspects', null],
    ]);
  });

  it('takes the head of the noun phrase for the unit, and the denominator after it for a rate', () => {
    const s = full('USCIS approved 2,567 principal T visa applications for 47 Romanian and Bulgarian workers and 81 such permits; 15 of the workers left. There were 5.3 people per 1,000 population in forced labour.');
    expect(s.map((x) => [x.value, x.kind, x.unit])).toEqual([
      [2567, 'count', 'applications'],
      [47, 'count', 'workers'],
      [81, 'count', 'permits'],
      [15, 'count', 'workers'],
      [5.3, 'rate', 'people per 1,000 population'],
    ]);
  });
});

describe('entities', () => {
  it('finds named laws, conventions and visas by their shape', () => {
    const text = 'The United Nations Convention on the Rights of the Child at Article 34 and the ILO Forced Labour Convention, 1930 bind states; the Victims of Trafficking and Violence Protection Act (TVPA) created the T visa.';
    expect(lawMentions(text).map((m) => m.text)).toEqual([
      'United Nations Convention on the Rights of the Child',
      'ILO Forced Labour Convention, 1930',
      'Victims of Trafficking and Violence Protection Act',
      'T visa',
    ]);
  });

  it('splits a person from the organisation they belong to, and finds names after cues', () => {
    const text = 'Detective Inspector Claire Whitmore of Lincolnshire Police said the charity After Exploitation helped. The Protocol of 2014 to the Forced Labour Convention entered into force.';
    expect(extractMentions(nlp(text), text, lexicon).map((m) => [m.type, m.text])).toEqual([
      ['person', 'Claire Whitmore'],
      ['organization', 'Lincolnshire Police'],
      ['organization', 'After Exploitation'],
      ['law', 'Protocol of 2014 to the Forced Labour Convention'],
    ]);
  });

  it('takes authors of in-text citations for people', () => {
    const text = 'According to Ahn et al., people are trafficked for many purposes (285). The efforts are complex (Hernandez and Rudolph 121).';
    const people = extractMentions(nlp(text), text, lexicon).filter((m) => m.type === 'person').map((m) => m.text);
    expect(people).toEqual(['Ahn', 'Hernandez', 'Rudolph']);
  });

  it('takes people named with a role before or a reporting verb after them', () => {
    const text = 'According to Zbigniew Dumienski, the concept is murky. Scholars Aziza Ahmed and others disagree. Meena Seshu suggests reforms. According to Global Estimates, millions are affected.';
    const people = extractMentions(nlp(text), text, lexicon).filter((m) => m.type === 'person').map((m) => m.text);
    expect(people).toContain('Zbigniew Dumienski');
    expect(people).toContain('Aziza Ahmed');
    expect(people).toContain('Meena Seshu');
    expect(people).not.toContain('Global Estimates');
  });

  it('puts lexicon names over compromise guesses and keeps common nouns out', () => {
    const text = 'Migrant workers need HIV care. The U.S. State Department and the ILO reported it.';
    const ms = extractMentions(nlp(text), text, lexicon).map((m) => [m.type, m.text, m.canonical]);
    expect(ms).toEqual([
      ['organization', 'U.S. State Department', 'United States Department of State'],
      ['organization', 'ILO', 'International Labour Organization'],
    ]);
  });

  it('cleans what compromise matched: punctuation, possessives, titles, articles', () => {
    expect(cleanMention('Eva Biaudet,', 10)).toEqual({ text: 'Eva Biaudet', start: 10, end: 21 });
    expect(cleanMention("Dr. Smith's", 0)).toEqual({ text: 'Smith', start: 4, end: 9 });
    expect(cleanMention('the ILO', 5)).toEqual({ text: 'ILO', start: 9, end: 12 });
    expect(cleanMention('U.S.', 0)?.text).toBe('U.S.');
    expect(cleanMention('visa.', 0)).toBeNull();
    expect(cleanMention('Facebook, Twitter', 0)?.text).toBe('Facebook');
  });

  it('finds mentions with offsets that point at the text', () => {
    const text = 'In 2003, the OSCE established a mechanism. Maria Grazia Giammarinaro met officials of the International Organization for Migration in Warsaw.';
    const mentions = extractMentions(nlp(text), text, lexicon);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(mentions.map((m) => [m.type, m.text])).toEqual(
      expect.arrayContaining([
        ['organization', 'OSCE'],
        ['organization', 'International Organization for Migration'],
        ['place', 'Warsaw'],
      ]),
    );
  });

  it('links an acronym in parentheses to its expansion', () => {
    const text = 'the International Labour Organization (ILO) reported';
    const end = text.indexOf(' (');
    expect(acronymAfter(text, end)).toBe('ILO');
    expect(acronymMatches('ILO', 'International Labour Organization')).toBe(true);
    expect(acronymMatches('OSCE', 'Organization for Security and Co-operation in Europe')).toBe(true);
    expect(acronymMatches('NHS', 'International Labour Organization')).toBe(false);
    expect(entityKey('the U.S. State Department’s')).toBe(entityKey('U.S. State Department'));
  });
});

describe('references', () => {
  it('parses an MLA works-cited entry', () => {
    expect(parseReference('Ahn, Roy, et al. “Human Trafficking.” American Journal of Preventive Medicine, vol. 44, no. 3, 2013, pp. 283-289.')).toEqual({
      authors: ['Ahn, Roy', 'et al'],
      title: 'Human Trafficking',
      container: 'American Journal of Preventive Medicine',
      year: 2013,
      volume: '44',
      issue: '3',
      pages: '283-289',
      doi: null,
      url: null,
    });
  });

  it('parses a Wikipedia journal citation', () => {
    const r = parseReference('Zimmerman, Cathy; Kiss, Ligia (2017). "Human trafficking and exploitation: A global health concern" . PLOS Medicine . 14 (11): e1002437. doi : 10.1371/journal.pmed.1002437 . PMC 5699819 .');
    expect(r).toMatchObject({ authors: ['Zimmerman, Cathy', 'Kiss, Ligia'], year: 2017, container: 'PLOS Medicine', volume: '14', issue: '11', pages: 'e1002437', doi: '10.1371/journal.pmed.1002437' });
  });
});

describe('entities: gazetteer places and cued people', () => {
  const mentions = (text: string) => extractMentions(nlp(text), text, lexicon);
  const typed = (text: string, type: string) => mentions(text).filter((m) => m.type === type).map((m) => m.text);

  it('reads a gazetteer name as a place where the context says so', () => {
    expect(typed('A worker walked into a police station in Spalding and told officers.', 'place')).toEqual(['Spalding']);
    expect(typed('They lived near Wisbech, in a caravan.', 'place')).toEqual(['Wisbech']);
    expect(typed('The men were housed in Holbrook Lane, Boston, Lincolnshire.', 'place')).toEqual(expect.arrayContaining(['Boston', 'Lincolnshire']));
    expect(typed('A Peterborough-based charity said referrals had doubled.', 'place')).toEqual(['Peterborough']);
    expect(typed('Police raided a car wash in the town of Skegness.', 'place')).toEqual(['Skegness']);
    expect(typed('Workers came from Vietnam, Albania and Eritrea.', 'place')).toEqual(['Vietnam', 'Albania', 'Eritrea']);
    expect(typed('It happened in Bosnia and Herzegovina.', 'place')).toEqual(['Bosnia and Herzegovina']);
  });

  it('folds diacritics, hyphens and "St." in gazetteer names', () => {
    expect(foldPlaceName('Brașov')).toBe(foldPlaceName('Brasov'));
    expect(foldPlaceName('Saint-Étienne')).toBe('saint etienne');
    expect(foldPlaceName('St. Albans')).toBe(foldPlaceName('Saint Albans'));
    expect(gazetteerPlaces('She was recruited in Brașov and later moved to Brasov again.').map((m) => m.text)).toEqual(['Brașov', 'Brasov']);
    expect(gazetteerPlaces('They were found in St. Albans.').map((m) => m.text)).toEqual(['St. Albans']);
  });

  it('keeps common words, surnames and parts of longer names out of the places', () => {
    expect(gazetteerPlaces('Nice work by the investigators led to the arrests.')).toEqual([]);
    expect(gazetteerPlaces('Reading is a skill that many victims lack.')).toEqual([]);
    // A name that is also a place needs a strong cue: "to Lincoln" may be a letter to a person.
    const letter = 'She wrote to Lincoln about it, then moved to the city of Lincoln.';
    expect(gazetteerPlaces(letter).map((m) => m.start)).toEqual([letter.lastIndexOf('Lincoln')]);
    expect(typed('Mr Preston said the case was closed.', 'place')).toEqual([]);
    expect(typed('Mr Preston said the case was closed.', 'person')).toEqual(['Preston']);
    expect(typed('The trial took place at Lincoln Crown Court.', 'place')).toEqual([]);
    expect(typed('Under the Palermo Protocol, states must act.', 'place')).toEqual([]);
    // compromise's person reading wins without a strong cue.
    expect(gazetteerPlaces('Spalding said it was late.', (s) => s === 0)).toEqual([]);
  });

  it('finds people by cues that do not depend on knowing the name', () => {
    const text =
      'Ionut Varga, 44, who ran the operation, was sentenced. His nephew Bogdan Ionescu was jailed. Defendant Tomás Nguyễn denied the charges. ' +
      'Mariana Dumitrescu, a 34-year-old mother of two, was recruited online. "It was a trap," said Ionuț Popescu. Kwame Mensah-Bonsu told the court. ' +
      'Aisha Khan, the head of the charity, agreed. Detective Scaramucci explained. Dr. Giammarinaro spoke.';
    const people = typed(text, 'person');
    for (const name of ['Ionut Varga', 'Bogdan Ionescu', 'Tomás Nguyễn', 'Mariana Dumitrescu', 'Ionuț Popescu', 'Kwame Mensah-Bonsu', 'Aisha Khan', 'Scaramucci', 'Giammarinaro']) expect(people).toContain(name);
  });

  it('takes no article-led or organisational phrase for a person', () => {
    expect(cuedPersons('The Modern Slavery Helpline said calls rose. Employer Accountability Laws were passed.')).toEqual([]);
    expect(typed('The Salvation Army said 15 workers were supported. Police Scotland said Operation Aster was over.', 'person')).toEqual([]);
  });

  it('reads lone surnames after quotations, before kin, in case titles and in author lists as people', () => {
    expect(cuedPersons('"We were treated as commodities," Whitmore said.').map((m) => [m.text, m.weak])).toEqual([['Whitmore', true]]);
    expect(typed('Siliadin v. France was decided in 2005.', 'person')).toEqual(['Siliadin']);
    expect(cuedPersons("Varga's lawyer said his client would appeal.").map((m) => [m.text, m.weak])).toEqual([['Varga', true]]);
    expect(typed('As Quirk, Robinson, and Thibos write, it is not simple.', 'person')).toEqual(['Quirk', 'Robinson', 'Thibos']);
  });

  it('links a surname written alone to the full name in the same passage', () => {
    const ms = mentions("Ionut Varga, 44, ran the operation. Varga's lawyer, Peter Doyle, said his client would appeal.");
    expect(ms.filter((m) => m.type === 'person').map((m) => [m.text, m.canonical])).toEqual([
      ['Ionut Varga', null],
      ['Varga', 'Ionut Varga'],
      ['Peter Doyle', null],
    ]);
  });

  it('links one-word people to the full name across passages of one document, never across documents', () => {
    const m = (docId: string, surface: string) => ({ type: 'person' as const, key: entityKey(surface), surface, canonical: null as string | null, mention: { docId } });
    const ms = [m('a', 'Claire Whitmore'), m('a', 'Whitmore'), m('b', 'Whitmore'), m('a', "O'Connell Davidson"), m('a', "Julia O'Connell Davidson"), m('c', 'Ana Pop'), m('c', 'Maria Pop'), m('c', 'Pop')];
    linkSurnames(ms);
    expect(ms.map((x) => x.key)).toEqual(['claire whitmore', 'claire whitmore', 'whitmore', 'julia o connell davidson', 'julia o connell davidson', 'ana pop', 'maria pop', 'pop']);
    // The linked mention carries the full name, which then names the merged entity.
    expect(ms[1]!.canonical).toBe('Claire Whitmore');
    expect(ms[2]!.canonical).toBeNull();
  });
});

describe('entities: office names, company forms, places by context, programmes', () => {
  const mentions = (text: string) => extractMentions(nlp(text), text, lexicon);
  const typed = (text: string, type: string) => mentions(text).filter((m) => m.type === type).map((m) => m.text);

  it('keeps "U.S." and an office holder\'s possessive in an office\'s name, and splits possessive chains', () => {
    const text =
      "HOUSTON – A federal judge sentenced four members of a ring, the U.S. Attorney's Office for the Southern District of Texas announced. The case was heard in the U.S. District Court for the Southern District of Texas. It was investigated by the U.S. Department of Labor's Wage and Hour Division, with Trial Attorney Sun-Hee Park of the Civil Rights Division's Human Trafficking Prosecution Unit (HTPU).";
    const orgs = typed(text, 'organization');
    expect(orgs).toEqual(
      expect.arrayContaining([
        "U.S. Attorney's Office for the Southern District of Texas",
        'U.S. District Court for the Southern District of Texas',
        'U.S. Department of Labor',
        'Wage and Hour Division',
        'Civil Rights Division',
        'Human Trafficking Prosecution Unit',
      ]),
    );
    expect(typed(text, 'person')).toContain('Sun-Hee Park');
    // A title read as a place by compromise ("District Judge", "Trial Attorney ... Park") is none.
    expect(typed('U.S. District Judge Alejandro M. Garza-Benavides sentenced him.', 'place').filter((p) => /Judge/.test(p))).toEqual([]);
    expect(typed(text, 'place')).toContain('HOUSTON');
  });

  it('goes on past "in" after the crime, a span of years, and a listed field closed by an acronym', () => {
    expect(orgMentions('The Centre for Combating Trafficking in Persons (CCTP) opened 231 cases.').map((m) => m.text)).toEqual(['Centre for Combating Trafficking in Persons']);
    expect(orgMentions('We worked with the Ministry of Social Affairs, Veterans and Youth Rehabilitation (MoSVY) to return them.').map((m) => m.text)).toEqual([
      'Ministry of Social Affairs, Veterans and Youth Rehabilitation',
    ]);
    // "in" before a place still ends the name.
    expect(orgMentions("They lodged a complaint with the Public Prosecutor's Office in Beja.").map((m) => m.text)).toEqual(["Public Prosecutor's Office"]);
    expect(programmeMentions('progress made under the National Programme for Preventing and Combating Trafficking in Human Beings 2022–2026 and its action plan').map((m) => m.text)).toEqual([
      'National Programme for Preventing and Combating Trafficking in Human Beings 2022–2026',
    ]);
    expect(lawMentions('The framework rests on Law No. 241 of 20 October 2005 on Preventing and Combating Trafficking in Human Beings and on the Criminal Code.').map((m) => m.text)).toContain(
      'Law No. 241 of 20 October 2005 on Preventing and Combating Trafficking in Human Beings',
    );
  });

  it('reads companies by their legal form and camel-cased platforms as organisations', () => {
    expect(typed('The workers were housed on a farm operated by Agro Sudoeste Lda, with four toilets.', 'organization')).toContain('Agro Sudoeste Lda');
    expect(typed('The campaign reached 2.3 million people through Facebook and TikTok.', 'organization')).toContain('TikTok');
    expect(orgMentions('The Organization for Security and Economic Co-operation in Europe met.').map((m) => m.text)).not.toContain('Economic Co');
    expect(typed('the Republican National Guard found 112 workers', 'organization')).toEqual(['Republican National Guard']);
    // "and Others" of a case title is no person.
    expect(typed('judgment in Adhikari and Others v. Portugal', 'person')).not.toContain('Others');
  });

  it('finds places by context the gazetteer does not know', () => {
    const places = (text: string) => cuedPlaces(text).map((m) => m.text);
    expect(places('sentenced the ring leader, Héctor Ramírez Ochoa, 52, of Pharr, to 188 months')).toEqual(['Pharr']);
    expect(places('mainly in Chișinău, Bălți and the districts of Ungheni and Orhei.')).toEqual(['Ungheni', 'Orhei']);
    expect(places('greenhouses near Odemira, in the Alentejo region, between 2017 and 2019')).toEqual(['Alentejo']);
    expect(places('Data for the Transnistrian region are incomplete; partners on the left bank of the Nistru reported 20 cases.')).toEqual(['Transnistrian region', 'Nistru']);
    expect(places('The Autonomous Territorial Unit of Gagauzia (ATU Gagauzia) recorded 27.5 victims.')).toEqual(['Autonomous Territorial Unit of Gagauzia']);
    expect(places('PHNOM PENH, 28 February 2025 – Safe Harbour Mekong today published its update.')).toEqual(['PHNOM PENH']);
    // Compass words and common words are no place names.
    expect(places('in the Eastern district and the rural area')).toEqual([]);
    expect(typed('our shelters in Phnom Penh, Siem Reap, Battambang and Poipet, and our partner houses in Bangkok and Mae Sot, received 1,146 survivors', 'place')).toEqual(
      expect.arrayContaining(['Poipet', 'Mae Sot']),
    );
    // A place word at the end of an organisation's name is no place.
    expect(typed('Safe Harbour Mekong today published its annual update for 2024.', 'place')).toEqual([]);
  });

  it('reads named programmes and campaigns, and a person\'s name with the particle "e"', () => {
    expect(programmeMentions('to return 390 survivors under the Safe Return programme.').map((m) => m.text)).toEqual(['Safe Return programme']);
    expect(programmeMentions('Our prevention campaign, Know Before You Go, reached 2.3 million people.').map((m) => m.text)).toEqual(['Know Before You Go']);
    expect(programmeMentions('the institutions of the National Referral System (NRS)').map((m) => m.text)).toEqual(['National Referral System']);
    expect(programmeMentions('funding from the European Union programme')).toEqual([]);
    expect(typed('It convicted the farm manager, Joaquim António Sousa e Castro, and Mr Cardoso Pinto.', 'person')).toContain('Joaquim António Sousa e Castro');
  });

  it('links a short form to the one full name it begins in the same document', () => {
    const m = (docId: string, type: 'organization' | 'law', surface: string, canonical: string | null = null) => ({ type, key: entityKey(canonical ?? surface), surface, canonical, mention: { docId } });
    const ms = [
      m('a', 'organization', 'National Committee for Combating Trafficking in Human Beings'),
      m('a', 'organization', 'National Committee'),
      m('a', 'law', 'National Programme for Preventing and Combating Trafficking in Human Beings 2022–2026'),
      m('a', 'law', 'National Programme'),
      m('b', 'organization', 'National Committee'),
      m('a', 'organization', 'United Nations', 'United Nations'),
      m('a', 'organization', 'United Nations Office on Drugs and Crime', 'United Nations Office on Drugs and Crime'),
    ];
    linkShortForms(ms);
    expect(ms.map((x) => x.key)).toEqual([
      'national committee for combating trafficking in human beings',
      'national committee for combating trafficking in human beings',
      'national programme for preventing and combating trafficking in human beings 2022 2026',
      'national programme for preventing and combating trafficking in human beings 2022 2026',
      'national committee',
      'united nations',
      'united nations office on drugs and crime',
    ]);
  });
});

describe('statistics: currency codes, ages, citations, years', () => {
  const rows = (text: string) => full(text).map((x) => [x.value, x.valueMax, x.kind, x.unit, x.qualifier]);

  it('reads ISO currency codes before amounts, with the hedge before the code', () => {
    expect(rows('property worth a total of MDL 23.4 million (about EUR 1.2 million).')).toEqual([
      [23_400_000, null, 'money', 'mdl', null],
      [1_200_000, null, 'money', 'eur', 'about'],
    ]);
    expect(rows('Total income was KHR 6.1 billion (approximately US$1.5 million).')).toEqual([
      [6_100_000_000, null, 'money', 'khr', null],
      [1_500_000, null, 'money', 'usd', 'about'],
    ]);
    expect(rows('Each worker paid recruitment fees of between $4,000 and $9,500, often borrowed.')).toEqual([[4000, 9500, 'money', 'usd', null]]);
  });

  it('reads ages outside "Name, 44," and durations before a possessive or a hyphen', () => {
    expect(rows('Rosa, who was 17 when she left Huehuetenango, told the court.')).toEqual([[17, null, 'duration', 'years', null]]);
    expect(rows('The youngest person we sheltered was 13; the oldest was 61.')).toEqual([
      [13, null, 'duration', 'years', null],
      [61, null, 'duration', 'years', null],
    ]);
    expect(rows('The lead applicant, Bishnu Prasad Adhikari, then 24, told the Court.')).toEqual([[24, null, 'duration', 'years', null]]);
    expect(rows('The victims ranged in age from 9 to 67.')).toEqual([[9, 67, 'duration', 'years', null]]);
    expect(rows("Sentences ranged from 6 to 14 years' imprisonment.")).toEqual([[6, 14, 'duration', 'years', null]]);
    expect(rows('According to evidence presented during the 11-day trial, they lied.')).toEqual([[11, null, 'duration', 'days', null]]);
    expect(rows('One in five was a child under the age of 18.').at(-1)).toEqual([18, null, 'duration', 'years', 'less than']);
    expect(rows('Survivors stayed for an average of 47 days, and at least nine were under 18.')).toEqual([
      [47, null, 'duration', 'days', null],
      [9, null, 'count', null, 'at least'],
      [18, null, 'duration', 'years', 'less than'],
    ]);
  });

  it('does not read citation numbers, article lists or a hotline number as figures', () => {
    expect(rows('six counts of forced labor in violation of 18 U.S.C. § 1589, and Article 4 § 2 of the Convention').map((r) => r[0])).toEqual([6]);
    expect(rows('a further 27 of trafficking in children under Articles 165 and 206 of the Criminal Code').map((r) => r[0])).toEqual([27]);
    expect(rows('The hotline, 1288, is free from any mobile network.')).toEqual([]);
    expect(rows('a regional average of 1.1 and a national rate of 12.9').map((r) => r[2])).toEqual(['rate', 'rate']);
  });

  it('gives a figure the year its sentence ties it to, not a comparison, a span or a law\'s date', () => {
    const year = (sentence: string, figure: string) => yearOf(sentence, sentence.indexOf(figure), sentence.indexOf(figure) + figure.length);
    const s1 = 'In 2024 our shelters received 1,146 survivors, up from 812 in 2023, an increase of 41%.';
    expect([year(s1, '1,146'), year(s1, '812'), year(s1, '41%')]).toEqual([2024, 2023, 2024]);
    expect(year('The State budget allocated MDL 14.7 million in 2024, a 22% increase on 2023.', '22%')).toBe(2024);
    expect(year('The applicants picked berries near Odemira between 2017 and 2019, and 23 of them sued.', '23')).toBeNull();
    expect(year('Since 2021, the Department has issued permits for four years while a petition is pending.', 'four')).toBeNull();
    expect(year('It rests on Law No. 241 of 20 October 2005, with penalties of up to 20 years.', '20 years')).toBeNull();
    expect(year('Up to 10,000 visas are issued each year, and the backlog is larger: about 180,000 petitions waited in 2023.', '10,000')).toBeNull();
  });
});
