/**
 * Adaptive Cards host configs that reproduce Teams' light, dark and high-contrast palettes, for rendering the
 * cards with the `adaptivecards` JS renderer in a browser.
 * - light and dark: the colours of microsoft/AdaptiveCards samples/HostConfig/microsoft-teams-light.json and
 *   microsoft-teams-dark.json (container backgrounds, foreground colours with their subtle variants);
 * - high contrast: Teams' high-contrast theme as Fluent UI defines it (teamsHighContrastTheme: white text on
 *   black, cyan #1aebff brand, yellow #ffff01 links and highlights, green #3ff23f; see also
 *   pnp/sp-dev-fx-controls-react FluentUITeamsHighContrastTheme): no tinted container backgrounds, every
 *   semantic colour a high-contrast one.
 */

type Colour = { default: string; subtle: string };
type Palette = Record<'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention', Colour>;
type Styles = Record<'default' | 'emphasis' | 'accent' | 'good' | 'warning' | 'attention', string>;

/** The page background of each theme (the chat behind the card). */
export const PAGE_BACKGROUND = { light: '#f5f5f5', dark: '#1f1f1f', contrast: '#000000' } as const;
export type Theme = keyof typeof PAGE_BACKGROUND;

function hostConfig(styles: Styles, onDefault: Palette, onTinted: Palette, requiredSuffix: string): object {
  const foregroundColors = (p: Palette) =>
    Object.fromEntries(
      Object.entries(p).map(([k, c]) => [
        k,
        { ...c, highlightColors: { default: '#00000000', subtle: '#00000000' } },
      ]),
    );
  const containerStyles = Object.fromEntries(
    Object.entries(styles).map(([style, backgroundColor]) => [
      style,
      {
        backgroundColor,
        foregroundColors: foregroundColors(
          style === 'default' || style === 'emphasis' ? onDefault : onTinted,
        ),
      },
    ]),
  );
  return {
    supportsInteractivity: true,
    fontTypes: {
      default: {
        fontFamily: "'Segoe UI', Tahoma, Geneva, Verdana, sans-serif",
        fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
        fontWeights: { lighter: 200, default: 400, bolder: 600 },
      },
      monospace: {
        fontFamily: "'Courier New', Courier, monospace",
        fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
        fontWeights: { lighter: 200, default: 400, bolder: 600 },
      },
    },
    spacing: { small: 4, default: 8, medium: 16, large: 24, extraLarge: 32, padding: 16 },
    separator: { lineThickness: 1, lineColor: styles.default === '#000000' ? '#FFFFFF' : '#C8C6C4' },
    containerStyles,
    actions: {
      maxActions: 6,
      spacing: 'Default',
      buttonSpacing: 8,
      showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
      actionsOrientation: 'Horizontal',
      actionAlignment: 'Left',
    },
    inputs: { label: { requiredInputs: { suffix: ' *', suffixColor: requiredSuffix } } },
  };
}

const c = (d: string, s: string = d): Colour => ({ default: d, subtle: s });

const LIGHT_DEFAULT: Palette = {
  default: c('#FF252424', '#BF252424'),
  dark: c('#FF252424', '#BF252424'),
  light: c('#FFFFFFFF', '#FFF3F2F1'),
  accent: c('#FF6264A7', '#FF8B8CC7'),
  good: c('#FF92C353', '#E592C353'),
  warning: c('#FFF8D22A', '#E5F8D22A'),
  attention: c('#FFC4314B', '#E5C4314B'),
};
const DARK_DEFAULT: Palette = {
  default: c('#FFFFFFFF', '#BFFFFFFF'),
  dark: c('#FF201F1F', '#FF2D2C2C'),
  light: c('#FFFFFFFF', '#BFFFFFFF'),
  accent: c('#FFA6A7DC', '#FF8B8CC7'),
  good: c('#FF92C353', '#E592C353'),
  warning: c('#FFF8D22A', '#E5F8D22A'),
  attention: c('#FFD74654', '#E5D74654'),
};
/** On the tinted containers (accent, good, warning, attention) both Teams themes use dark text. */
const DARK_ON_TINT: Palette = { ...DARK_DEFAULT, default: c('#FF201F1F', '#FF2D2C2C') };
const LIGHT_TINT: Styles = {
  default: '#FFFFFF',
  emphasis: '#FFF9F8F7',
  accent: '#C7DEF9',
  good: '#CCFFCC',
  warning: '#FFE2B2',
  attention: '#FFC5B2',
};
const CONTRAST: Palette = {
  default: c('#FFFFFF'),
  dark: c('#FFFFFF'),
  light: c('#FFFFFF'),
  accent: c('#1AEBFF'),
  good: c('#3FF23F'),
  warning: c('#FFFF01'),
  attention: c('#FFFF01'),
};

/** The host config of each theme. */
export const HOST_CONFIGS: Record<Theme, object> = {
  light: hostConfig(LIGHT_TINT, LIGHT_DEFAULT, LIGHT_DEFAULT, 'Attention'),
  dark: hostConfig(
    { ...LIGHT_TINT, default: '#FF2D2C2C', emphasis: '#FF292828' },
    DARK_DEFAULT,
    DARK_ON_TINT,
    'Attention',
  ),
  contrast: hostConfig(
    {
      default: '#000000',
      emphasis: '#000000',
      accent: '#000000',
      good: '#000000',
      warning: '#000000',
      attention: '#000000',
    },
    CONTRAST,
    CONTRAST,
    'Attention',
  ),
};
