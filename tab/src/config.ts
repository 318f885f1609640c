/** The configuration page Teams shows when the tab is added to a meeting: nothing to choose, just save. */
import { app, pages } from '@microsoft/teams-js';
import { applyTheme } from './common';
import { applyTexts, setLanguage, tr } from './i18n';

async function main(): Promise<void> {
  await app.initialize();
  const context = await app.getContext();
  applyTheme(context.app.theme);
  setLanguage(context.app.locale);
  applyTexts();
  app.registerOnThemeChangeHandler(applyTheme);
  pages.config.registerOnSaveHandler((save) => {
    pages.config
      .setConfig({
        entityId: 'roundtable',
        contentUrl: `${location.origin}/tab/panel.html`,
        suggestedDisplayName: 'Roundtable',
      })
      .then(
        () => save.notifySuccess(),
        () => save.notifyFailure(tr('tab:config.notSaved')),
      );
  });
  pages.config.setValidityState(true);
  app.notifySuccess();
  document.getElementById('ready')?.removeAttribute('hidden');
}

main().catch(() => {
  const el = document.getElementById('status');
  if (el) el.textContent = tr('tab:config.outsideTeams');
});
