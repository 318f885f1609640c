/** The tab's texts of every language, bundled by tab/build.ts: `{ en: { tab: {…}, common: {…} }, es: … }`. */
declare module 'locales:tab' {
  const texts: Record<string, Record<string, Record<string, unknown>>>;
  export default texts;
}
