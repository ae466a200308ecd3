from statistika.views import analysis  # noqa: F401, E402
from statistika.views.catalogue import (  # noqa: F401
    alias_delete,
    alias_list,
    explain,
    export_table,
    indicator_detail,
    indicator_edit,
    indicator_list,
    rule_list,
    statistics_export,
    statistics_import,
)
from statistika.views.reports import (  # noqa: F401
    campaign_board,
    campaign_list,
    field_explain,
    field_save,
    report_download,
    report_form,
    report_list,
    report_remind,
    report_submit,
    report_upload,
)
from statistika.views.review import (  # noqa: F401
    bulk_accept,
    comment_answer,
    comment_resolve,
    field_history,
    handoff,
    report_extend,
    report_review,
    report_timeline,
    review_action,
    review_comment,
)
