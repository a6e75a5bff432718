//! The few pages that need no script: asking to sign in, the answer to a
//! personal link, and "not found" — each in both languages.

use crate::base::i18n::Lang;

/// The page for a request without a valid session (in both languages).
pub fn signed_out() -> String {
    let text = |lang| {
        say!(
            lang,
            "Open the personal link the bureau gave you. It signs this browser in; keep it to yourself.",
            "请打开财政局发给您的专属链接，打开后本浏览器即登录。该链接仅限本人使用，请勿转发。"
        )
    };
    let title = "请登录 Sign in";
    let text = format!("{}</p><p lang=\"en\">{}", text(Lang::Zh), text(Lang::En));
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" \
         href=\"/assets/desk.css\"></head><body><main class=\"narrow\"><h1>{title}</h1><p>{text}</p></main></body></html>"
    )
}

/// The page for something that is not there, or not the caller's (in both languages).
pub fn not_found() -> String {
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
     content=\"width=device-width, initial-scale=1\"><title>没有这个页面 Not found</title><link rel=\"icon\" \
     href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/desk.css\"></head><body><main class=\"narrow\">\
     <h1>没有这个页面</h1><p>这里没有您可以查看的内容。<a href=\"/\">返回首页</a></p>\
     <p lang=\"en\">There is nothing here for you. <a href=\"/\">Home</a></p></main></body></html>"
        .to_string()
}

/// The page the personal link answers with: the session cookie is set; it goes
/// on to the desk (a same-site navigation, so the SameSite=Strict cookie goes too).
pub fn signed_in() -> String {
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=/\">\
     <title>已登录 Signed in</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/assets/desk.css\"></head><body><main class=\"narrow\">\
     <p>已登录。Signed in. <a href=\"/\">继续 Continue</a></p></main></body></html>"
        .to_string()
}
