"""Public procurement notices: the eForms XML parser and the Doffin search API client.

Neither module imports a model: the parser turns a notice into a plain ``NoticeProposal``
and the admin and the ``import_notice`` command decide what to do with it.
"""

from cases.notices.eforms import NoticeError, NoticeProposal, parse_notice

__all__ = ["NoticeError", "NoticeProposal", "parse_notice"]
