import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBody, FeedDecodeError, gunzipIfNeeded } from '../../lambdas/feeds/decode.ts';

const doc = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>T</title></channel></rss>`;

describe('decodeBody picks the charset', () => {
  const cases: Array<{ name: string; bytes: Uint8Array; contentType?: string; charset: string; source: string; contains: string }> = [
    { name: 'the XML declaration when the header has none', bytes: iconv.encode(doc('ISO-8859-1').replace('T', 'é'), 'latin1'), charset: 'windows-1252', source: 'prolog', contains: 'é' },
    { name: 'the header over the XML declaration', bytes: iconv.encode(doc('utf-8').replace('T', 'Жж'), 'windows-1251'), contentType: 'text/xml; charset="windows-1251"', charset: 'windows-1251', source: 'header', contains: 'Жж' },
    { name: 'KOI8-R from the declaration', bytes: iconv.encode(doc('KOI8-R').replace('T', 'Москва'), 'koi8-r'), charset: 'koi8-r', source: 'prolog', contains: 'Москва' },
    { name: 'Shift_JIS from the header', bytes: iconv.encode(doc('x').replace('T', '東京'), 'shift_jis'), contentType: 'application/rss+xml;charset=Shift_JIS', charset: 'shift_jis', source: 'header', contains: '東京' },
    { name: 'GB2312 from the declaration', bytes: iconv.encode(doc('gb2312').replace('T', '新闻'), 'gb2312'), charset: 'gb2312', source: 'prolog', contains: '新闻' },
    { name: 'a UTF-8 BOM over a wrong header', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(doc('utf-8').replace('T', 'ñ'))]), contentType: 'text/xml; charset=iso-8859-1', charset: 'utf-8', source: 'bom', contains: 'ñ' },
    { name: 'a UTF-16LE BOM', bytes: new Uint8Array([0xff, 0xfe, ...iconv.encode(doc('utf-16').replace('T', 'ü'), 'utf-16le')]), charset: 'utf-16le', source: 'bom', contains: 'ü' },
    { name: 'UTF-16BE without a BOM, from its zero bytes', bytes: iconv.encode(doc('utf-16').replace('T', 'ü'), 'utf-16be'), charset: 'utf-16be', source: 'sniffed', contains: 'ü' },
    { name: 'UTF-8 when nothing says otherwise', bytes: Buffer.from('<rss><channel><title>Ω</title></channel></rss>'), charset: 'utf-8', source: 'default', contains: 'Ω' },
    { name: 'UTF-8 when a declaration claims UTF-16 over 8-bit bytes', bytes: Buffer.from(doc('utf-16').replace('T', 'ß')), charset: 'utf-8', source: 'default', contains: 'ß' },
  ];
  for (const c of cases) {
    it(`uses ${c.name}`, () => {
      const d = decodeBody(c.bytes, c.contentType);
      expect(d.charset).toBe(c.charset);
      expect(d.charsetSource).toBe(c.source);
      expect(d.text).toContain(c.contains);
      expect(d.text.charCodeAt(0)).not.toBe(0xfeff);
    });
  }

  it('reads an unknown charset label as UTF-8 and notes it', () => {
    const d = decodeBody(Buffer.from(doc('bogus-8')));
    expect(d.charset).toBe('utf-8');
    expect(d.notes).toEqual(['unknown charset "bogus-8" in XML declaration, read as UTF-8']);
  });

  it('decodes the windows-1252 bytes a Latin-1 label usually hides (curly quotes)', () => {
    expect(decodeBody(new Uint8Array([...Buffer.from('<a>'), 0x93, 0x68, 0x69, 0x94, ...Buffer.from('</a>')]), 'text/xml; charset=iso-8859-1').text).toBe('<a>\u201chi\u201d</a>');
  });
});

describe('gzip files', () => {
  it('gunzips a gzip body and leaves other bodies alone', () => {
    const plain = Buffer.from('<rss/>');
    expect(Buffer.from(gunzipIfNeeded(gzipSync(plain)).bytes).toString()).toBe('<rss/>');
    expect(gunzipIfNeeded(plain)).toEqual({ bytes: plain, gunzipped: false });
  });

  it('stops a gzip body that inflates past the cap', () => {
    expect(() => gunzipIfNeeded(gzipSync(new Uint8Array(2048)), 1024)).toThrow(new FeedDecodeError('body larger than 1 KB after gunzip'));
  });

  it('reports a corrupt gzip body in one line', () => {
    const broken = gzipSync(Buffer.from('<rss>'.repeat(100))).subarray(0, 20);
    expect(() => gunzipIfNeeded(broken)).toThrow(/^cannot gunzip: /);
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset=UTF-8', 'utf-8'],
    ["application/xml;charset='koi8-r'", 'koi8-r'],
    ['text/xml;charset= "us-ascii"', 'us-ascii'],
    ['text/xml', undefined],
    [undefined, undefined],
  ])('reads %s as %s', (header, charset) => {
    expect(charsetFromContentType(header)).toBe(charset);
  });
});

describe('a body that declares nothing', () => {
  it('is read as windows-1252, with a note, when it is not valid UTF-8', () => {
    const d = decodeBody(iconv.encode('<rss><channel><title>Últimas Notícias</title></channel></rss>', 'latin1'));
    expect(d.text).toContain('Últimas Notícias');
    expect(d.charset).toBe('windows-1252');
    expect(d.notes).toEqual(['no charset declared and not valid UTF-8, read as windows-1252']);
  });

  it('keeps a declared UTF-8 even when some bytes are broken', () => {
    const d = decodeBody(new Uint8Array([...Buffer.from('<?xml version="1.0" encoding="utf-8"?><a>'), 0xe9, ...Buffer.from('</a>')]));
    expect(d.charset).toBe('utf-8');
    expect(d.text).toContain('\uFFFD');
  });
});
