/** A small case record for detection tests: a few accused, namesakes and dated events. */
import type { Accused, CaseRecord, NewsItem, RecordEvent } from '../../lambdas/domain/types.ts';

function accused(a: Partial<Accused> & Pick<Accused, 'id' | 'name'>): Accused {
  return {
    aliases: [], nativeNames: [], surnames: [], role: '', roleTerms: [], status: '', nationality: 'IR', homeCountries: [],
    redNotice: false, ...a,
  };
}

function event(e: Omit<RecordEvent, 'id' | 'caseId' | 'origin' | 'summary'>): RecordEvent {
  return { ...e, id: `${e.date}#${e.accused}#${e.type}#${e.country ?? '-'}`, caseId: 'test-case', origin: 'seed', summary: 'test' };
}

/** The record used by the detection unit tests. */
export const RECORD: CaseRecord = {
  caseId: 'test-case',
  title: 'Test case',
  contextTerms: ['AMIA', 'Argentina', 'Argentine', 'Interpol'],
  accused: [
    accused({
      id: 'velayati', name: 'Ali Akbar Velayati', aliases: ['Alí Akbar Velayati'], nativeNames: ['علی‌اکبر ولایتی'],
      surnames: ['Velayati'], roleTerms: ['ex canciller iraní', 'former foreign minister'],
    }),
    accused({ id: 'rezaei', name: 'Mohsen Rezaei', aliases: ['Mohsen Rezai'], surnames: ['Rezaei', 'Rezai'] }),
    accused({ id: 'rafsanjani', name: 'Akbar Hashemi Rafsanjani', surnames: ['Rafsanjani'], deceased: '2017-01-08' }),
    accused({ id: 'rabbani', name: 'Mohsen Rabbani', surnames: ['Rabbani'] }),
    accused({ id: 'vahidi', name: 'Ahmad Vahidi', surnames: ['Vahidi'], redNotice: true }),
    accused({ id: 'salman', name: 'Salman Raouf Salman', aliases: ['Samuel Salman El Reda'], nationality: 'LB', homeCountries: ['LB'] }),
    accused({ id: 'abdallah-salman', name: 'Abdallah Salman', aliases: ['José El Reda'], nationality: 'LB', homeCountries: ['LB'] }),
    accused({ id: 'mouzannar', name: 'Hussein Mounir Mouzannar', aliases: ['Hussein Mouzannar'], surnames: ['Mouzannar'], nationality: 'LB' }),
    accused({ id: 'omairi', name: 'Farouk Abdul Hay Omairi', aliases: ['Farouk Omairi'], surnames: ['Omairi'], nationality: 'LB', homeCountries: ['BR'] }),
  ],
  namesakes: ['Hina Rabbani Khar', 'Mohammed bin Salman'],
  notNames: ['velayat-e faqih'],
  events: [
    event({ date: '2016-07-20', accused: 'velayati', type: 'arrest_request', country: 'MY' }),
    event({ date: '2016-10-20', accused: 'velayati', type: 'arrest_request', country: 'IQ' }),
    event({ date: '2018-07-11', accused: 'velayati', type: 'arrest_request', country: 'RU' }),
    event({ date: '2022-01-10', accused: 'rezaei', type: 'travel', country: 'NI' }),
    event({ date: '2023-11-23', accused: 'omairi', type: 'extradition', country: 'BR' }),
  ],
};

/** A news item published at noon UTC on `day`. */
export function item(title: string, text: string, day: string): NewsItem {
  return { title, text, link: `https://news.test/${day}/${title.length}`, published: `${day}T12:00:00Z` };
}

/** The events as compact strings, for readable assertions. */
export function tuples(events: readonly { accused: string; type: string; country: string | null; known: boolean }[]): string[] {
  return events.map((e) => `${e.accused} ${e.type} ${e.country ?? '-'} ${e.known ? 'known' : 'new'}`).sort();
}
