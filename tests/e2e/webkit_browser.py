#!/usr/bin/python3
"""The WebKitGTK browser the suite drives through WebKitWebDriver.

Debian's MiniBrowser keeps no permissions in an automation session, so a
page there can never be granted notifications. This is a browser just big
enough for WebDriver: one web context that allows automation, its data kept
in the test's profile folder, and notifications granted beforehand to the
origins named on the command line (WebKitGTK's
`initialize-notification-permissions`).

usage: webkit_browser.py --automation --profile=DIR [--allow-notifications=ORIGIN ...]
(WebKitWebDriver starts it, with the arguments of the session's
`webkitgtk:browserOptions`.)
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402


def option(name, args):
    prefix = f"--{name}="
    return [a[len(prefix):] for a in args if a.startswith(prefix)]


def main(args):
    profiles = option("profile", args)
    if not profiles:
        sys.exit("webkit_browser.py: --profile=DIR is needed")
    profile = profiles[0]
    allowed = option("allow-notifications", args)

    data = WebKit2.WebsiteDataManager(
        base_data_directory=f"{profile}/data",
        base_cache_directory=f"{profile}/cache",
    )
    context = WebKit2.WebContext(website_data_manager=data)
    context.set_automation_allowed(True)

    def initialize_permissions(context):
        origins = [WebKit2.SecurityOrigin.new_for_uri(o) for o in allowed]
        context.initialize_notification_permissions(origins, [])

    context.connect("initialize-notification-permissions", initialize_permissions)

    windows = []

    def window_for(view):
        window = Gtk.Window()
        window.set_default_size(1280, 900)
        window.add(view)
        window.show_all()
        windows.append(window)

        def closed(view):
            windows.remove(window)
            window.destroy()

        view.connect("close", closed)
        view.connect("create", lambda view, action: new_view(related=view))
        return view

    def new_view(related=None):
        settings = WebKit2.Settings(
            enable_developer_extras=True, enable_write_console_messages_to_stdout=True
        )
        if related is not None:
            view = WebKit2.WebView(
                related_view=related, is_controlled_by_automation=True, settings=settings
            )
        else:
            view = WebKit2.WebView(
                web_context=context, is_controlled_by_automation=True, settings=settings
            )
        return window_for(view)

    def automation_started(context, session):
        info = WebKit2.ApplicationInfo()
        info.set_name("encore-e2e-webkit")
        session.set_application_info(info)
        session.connect("create-web-view", lambda session: new_view())

    context.connect("automation-started", automation_started)
    Gtk.main()


if __name__ == "__main__":
    main(sys.argv[1:])
