"""What the client takes home, as the first things on the "Meenemen" step.

"Plan printen" opens the printable plan in the page itself (a framed page with an
"Afdrukken" button that prints only the plan, and one that opens it in a new tab), so
nothing has to be found in a downloads folder on a tablet. Beside it: the PDF (made and
downloaded in one click where this machine has Chromium) and the dates for the phone's
calendar. Nothing here erases or exports the client's data: that lives under "Gegevens".

    box = TakeHomeBox(make_page, make_pdf, make_calendar, guard, pdf_guard)
    box.open_print_view()      # what a tap on "Plan printen" does (tests)
"""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as W

from mmwidgets.i18n import t
from mmwidgets.widgets.download_button import DownloadButton
from mmwidgets.widgets.speech import speak_html, text_of_html

_e = html.escape

# Inline handlers run in ipywidgets' HTML (it sets innerHTML); the frame is same-origin (srcdoc).
_FIT = "try{this.style.height=(this.contentDocument.documentElement.scrollHeight+24)+'px'}catch(e){}"
_PRINT = "this.closest('.mm-print-view').querySelector('iframe').contentWindow.print()"
_NEW_TAB = (
    "var f=this.closest('.mm-print-view').querySelector('iframe');"
    "window.open(URL.createObjectURL(new Blob([f.srcdoc],{type:'text/html'})),'_blank')"
)


class TakeHomeBox(W.VBox):
    """Print view, PDF and calendar file for the open client's plan."""

    def __init__(
        self,
        make_page: Callable[[], str],
        make_pdf: Callable[[], tuple[str, bytes]],
        make_calendar: Callable[[], tuple[str, bytes]],
        guard: Callable[..., Any],
        pdf_guard: Callable[..., Any],
    ):
        super().__init__()
        self.add_class("mm-plan-takehome")
        self.lang = "nl"
        self._make_page = make_page
        self.heading = W.HTML()
        self.print_button = W.Button(button_style="primary", icon="print").add_class("mm-plan-print")
        self.print_button.on_click(guard(lambda _b: self.open_print_view()))
        self.pdf_button = DownloadButton(make=make_pdf, mime="application/pdf", css_class="mm-plan-pdf-button",
                                         on_error=pdf_guard)
        self.pdf_button.add_class("mm-plan-pdf-button")
        self.calendar_button = DownloadButton(make=make_calendar, mime="text/calendar", css_class="mm-plan-ics",
                                              on_error=guard)
        self.calendar_button.add_class("mm-plan-ics")
        self.pdf_area = W.HTML().add_class("mm-plan-pdf-area")
        self.hint = W.HTML().add_class("mm-plan-hint")
        self.view = W.HTML().add_class("mm-print-view-box")
        self.buttons = W.HBox([self.print_button, self.pdf_button, self.calendar_button]).add_class(
            "mm-plan-downloads"
        )
        self.buttons.layout.flex_flow = "row wrap"
        self.children = [self.heading, self.buttons, self.pdf_area, self.hint, self.view]

    def open_print_view(self) -> str:
        """Show the printable plan in the page, with 'Afdrukken' and 'Open in een nieuw tabblad'."""
        page = self._make_page()
        lang = self.lang
        self.view.value = (
            '<div class="mm-print-view">'
            '<div class="mm-print-view-actions">'
            f'<button type="button" class="jupyter-button widget-button mod-primary mm-print-now" onclick="{_e(_PRINT)}">'
            f"{_e(t('plan.ui.print_now', lang))}</button>"
            f'<button type="button" class="jupyter-button widget-button mm-print-tab" onclick="{_e(_NEW_TAB)}">'
            f"{_e(t('plan.ui.print_new_tab', lang))}</button>"
            f"{speak_html(text_of_html(page), lang, t('plan.home.title', lang))}</div>"
            f'<iframe class="mm-print-frame" title="{_e(t("plan.home.title", lang))}" '
            f'srcdoc="{_e(page, quote=True)}" onload="{_e(_FIT)}"></iframe></div>'
        )
        return page

    def close_print_view(self) -> None:
        self.view.value = ""

    def set_texts(self, lang: str, pdf_possible: bool, pdf_reason: str) -> None:
        self.lang = lang
        self.heading.value = f"<h2>{_e(t('plan.ui.take_home', lang))}</h2>"
        self.print_button.description = t("plan.ui.print", lang)
        self.calendar_button.description = t("plan.ui.download_ics", lang)
        self.hint.value = f"<small>{_e(t('plan.ui.download_hint', lang))}</small>"
        if pdf_possible:
            self.pdf_button.description = t("plan.ui.make_pdf", lang)
            self.pdf_button.layout.display = ""
        else:
            self.pdf_button.layout.display = "none"
            self.pdf_area.value = f"<small>{_e(pdf_reason)}</small>"
        if self.view.value:
            self.open_print_view()
