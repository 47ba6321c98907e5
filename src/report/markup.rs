//! A small typed HTML builder: text is escaped when it becomes [`Html`], attribute values are always
//! escaped, only [`Html::trusted`] (the SVG figures ciblage draws itself) goes in as it is. The report's
//! sections are plain functions returning [`Html`].
//!
//! A template crate (`maud`) was tried first and dropped: its procedural macros change the features
//! of `syn` shared with polars' macros, which rebuilds the whole polars stack on every machine; this
//! builder gives the same guarantee (nothing reaches the page unescaped unless marked trusted) with no
//! dependency.

/// A piece of HTML whose text is already escaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// Markup made by ciblage itself (an SVG figure), inserted as it is.
    pub fn trusted(s: impl Into<String>) -> Html {
        Html(s.into())
    }

    /// Nothing.
    pub fn empty() -> Html {
        Html(String::new())
    }

    /// The HTML text.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Escape text for HTML (element content and attribute values).
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// Text, escaped.
pub fn text(s: impl AsRef<str>) -> Html {
    Html(esc(s.as_ref()))
}

/// Several pieces in a row.
pub fn cat(parts: impl IntoIterator<Item = Html>) -> Html {
    let mut s = String::new();
    for p in parts {
        s.push_str(&p.0);
    }
    Html(s)
}

fn open(tag: &str, attrs: &[(&str, &str)]) -> String {
    let mut s = format!("<{tag}");
    for (k, v) in attrs {
        s.push(' ');
        s.push_str(k);
        s.push_str("=\"");
        s.push_str(&esc(v));
        s.push('"');
    }
    s.push('>');
    s
}

/// An element with attributes and children.
pub fn el(tag: &str, attrs: &[(&str, &str)], children: impl IntoIterator<Item = Html>) -> Html {
    let mut s = open(tag, attrs);
    for c in children {
        s.push_str(&c.0);
    }
    s.push_str("</");
    s.push_str(tag);
    s.push_str(">\n");
    Html(s)
}

/// An element holding one text, escaped.
pub fn tx(tag: &str, attrs: &[(&str, &str)], t: impl AsRef<str>) -> Html {
    el(tag, attrs, [text(t)])
}

/// A void element (`<meta>`).
pub fn void(tag: &str, attrs: &[(&str, &str)]) -> Html {
    Html(open(tag, attrs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let h = el(
            "a",
            &[("href", "#x\"onclick=\"1")],
            [
                text("<script>alert(1)</script>"),
                Html::trusted("<b>ok</b>"),
            ],
        );
        assert_eq!(
            h.into_string(),
            "<a href=\"#x&quot;onclick=&quot;1\">&lt;script&gt;alert(1)&lt;/script&gt;<b>ok</b></a>\n"
        );
        assert_eq!(esc("'&'"), "&#39;&amp;&#39;");
    }
}
