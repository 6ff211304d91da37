//! The look: theme values (colours, font, corner radius) in a context, written as
//! CSS variables by stylist. A portal that embeds the app will feed its own theme
//! here (the embedding issue); everything else reads the variables.

use stylist::yew::Global;
use yew::prelude::*;

/// The theme's values, as CSS values.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub accent: AttrValue,
    pub accent_ink: AttrValue,
    pub ink: AttrValue,
    pub muted: AttrValue,
    pub surface: AttrValue,
    pub canvas: AttrValue,
    pub line: AttrValue,
    pub radius: AttrValue,
    pub font: AttrValue,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            accent: "#2f5bea".into(),
            accent_ink: "#ffffff".into(),
            ink: "#1b1f29".into(),
            muted: "#5b6272".into(),
            surface: "#ffffff".into(),
            canvas: "#f3f5f9".into(),
            line: "#dde1ea".into(),
            radius: "12px".into(),
            font: r#"system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif"#
                .into(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ThemeProviderProps {
    #[prop_or_default]
    pub theme: Theme,
    pub children: Html,
}

/// Provides the theme and writes it as the document's CSS variables.
#[component]
pub fn ThemeProvider(props: &ThemeProviderProps) -> Html {
    let t = &props.theme;
    let css = stylist::css!(
        r#"
:root {
    --accent: ${accent};
    --accent-ink: ${accent_ink};
    --ink: ${ink};
    --muted: ${muted};
    --surface: ${surface};
    --canvas: ${canvas};
    --line: ${line};
    --radius: ${radius};
    --font: ${font};
}
"#,
        accent = t.accent.to_string(),
        accent_ink = t.accent_ink.to_string(),
        ink = t.ink.to_string(),
        muted = t.muted.to_string(),
        surface = t.surface.to_string(),
        canvas = t.canvas.to_string(),
        line = t.line.to_string(),
        radius = t.radius.to_string(),
        font = t.font.to_string(),
    );
    html! {
        <ContextProvider<Theme> context={t.clone()}>
            <Global css={css} />
            { props.children.clone() }
        </ContextProvider<Theme>>
    }
}
