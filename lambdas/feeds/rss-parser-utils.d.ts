/** rss-parser's internal helpers module (CommonJS, untyped); only what parse-feed.ts touches. */
declare module 'rss-parser/lib/utils.js' {
  const utils: { getSnippet(html: string): string };
  export default utils;
}
