"""Class pages: organisers manage classes, coordinators nominate, trainees follow their classes and check in."""

from __future__ import annotations

import datetime
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms import vietnamese
from training import checkin, documents, imports, services
from training.forms import (
    ClassForm,
    DeadlineForm,
    NominationUploadForm,
    OfficialChoiceForm,
    QuotaForm,
    ReasonForm,
    SessionForm,
)
from training.models import (
    ACTIVE_NOMINATION,
    AttendanceStatus,
    ClassSession,
    ClassStatus,
    Nomination,
    NominationStatus,
    TrainingClass,
)
from units import access
from units.models import Official, Unit, UnitType


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _organised_class(request, pk: int) -> TrainingClass:
    return get_object_or_404(
        TrainingClass.objects.organised_by(request.user).select_related("organising_office"), pk=pk
    )


def _organised_session(request, pk: int) -> ClassSession:
    return get_object_or_404(
        ClassSession.objects.filter(training_class__in=TrainingClass.objects.organised_by(request.user)).select_related(
            "training_class__organising_office"
        ),
        pk=pk,
    )


# Lists.


@login_required
def class_list(request):
    """Classes open to the coordinator's units, and the organiser's own classes."""
    user = request.user
    now = timezone.now()
    open_classes = (
        TrainingClass.objects.open_to(user)
        .filter(status=ClassStatus.ANNOUNCED, nomination_deadline__gt=now)
        .select_related("organising_office")
        .order_by("nomination_deadline")
    )
    other_classes = (
        TrainingClass.objects.open_to(user)
        .exclude(pk__in=open_classes.values("pk"))
        .select_related("organising_office")[:50]
    )
    coordinated = access.coordinated_unit_ids(user)
    rows = []
    for training_class in open_classes:
        quotas = [q for q in training_class.quotas.all() if q.unit_id in coordinated]
        used = training_class.nominations.filter(unit_id__in=[q.unit_id for q in quotas]).active().count()
        rows.append(
            {
                "class": training_class,
                "seats": sum(q.seats for q in quotas),
                "used": used,
                "time_left": training_class.nomination_deadline - now,
            }
        )
    organised = None
    if access.is_organiser(user) or access.is_administrator(user):
        organised = TrainingClass.objects.organised_by(user).select_related("organising_office")[:100]
    if not rows and not other_classes and organised is None and not access.is_coordinator(user):
        raise PermissionDenied
    return render(
        request,
        "training/class_list.html",
        {"open_rows": rows, "other_classes": other_classes, "organised": organised},
    )


@login_required
def my_classes(request):
    """“Lớp của tôi”: the trainee's nominations, schedule, attendance and results."""
    nominations = (
        Nomination.objects.filter(official__user=request.user)
        .exclude(training_class__status=ClassStatus.DRAFT)
        .select_related("training_class__organising_office", "unit")
        .prefetch_related(
            Prefetch("training_class__sessions", queryset=ClassSession.objects.order_by("date", "start_time")),
            "attendances",
        )
        .order_by("-training_class__start_date")
    )
    items = []
    for nomination in nominations:
        marks = {a.session_id: a for a in nomination.attendances.all()}
        sessions = [(s, marks.get(s.pk)) for s in nomination.training_class.sessions.all()]
        items.append({"nomination": nomination, "sessions": sessions, "result": getattr(nomination, "result", None)})
    return render(request, "training/my_classes.html", {"items": items})


# One class.


@login_required
def class_detail(request, pk: int):
    training_class = get_object_or_404(
        TrainingClass.objects.visible_to(request.user).select_related("organising_office"), pk=pk
    )
    user = request.user
    is_organiser = TrainingClass.objects.organised_by(user).filter(pk=pk).exists()
    coordinated = access.coordinated_unit_ids(user)
    quotas = list(training_class.quotas.select_related("unit"))
    my_quotas = [q for q in quotas if q.unit_id in coordinated]
    used = training_class.nominations.seats_used_by_unit()
    my_nominations = (
        training_class.nominations.filter(unit_id__in=coordinated)
        .select_related("official__unit", "unit")
        .order_by("official__sort_key")
    )
    own = training_class.nominations.filter(official__user=user).select_related("unit").first()
    nominate_form = None
    if my_quotas and training_class.nominations_open:
        nominate_form = OfficialChoiceForm(officials=_eligible_officials(user, training_class))
    return render(
        request,
        "training/class_detail.html",
        {
            "c": training_class,
            "is_organiser": is_organiser,
            "sessions": training_class.sessions.all(),
            "quotas": quotas,
            "my_quotas": [(q, used.get(q.unit_id, 0)) for q in my_quotas],
            "my_nominations": my_nominations if my_quotas else [],
            "own_nomination": own,
            "nominate_form": nominate_form,
            "documents": documents.for_class(training_class, user),
            "reason_form": ReasonForm(),
            "deadline_form": DeadlineForm(),
        },
    )


def _eligible_officials(user, training_class: TrainingClass) -> list[Official]:
    nominated = training_class.nominations.active().values("official_id")
    officials = (
        Official.objects.filter(unit_id__in=access.coordinated_unit_ids(user), is_active=True, confirmed=True)
        .exclude(pk__in=nominated)
        .select_related("unit")
        .in_name_order()
    )
    return [o for o in officials if training_class.is_eligible(o)]


@login_required
@require_POST
def nominate(request, pk: int):
    training_class = get_object_or_404(TrainingClass.objects.open_to(request.user), pk=pk)
    form = OfficialChoiceForm(request.POST, officials=_eligible_officials(request.user, training_class))
    if not form.is_valid():
        messages.error(request, _("Choose an eligible official of your units."))
        return redirect("training:class_detail", pk=pk)
    official = get_object_or_404(Official.objects.editable_by(request.user), pk=form.cleaned_data["official"])
    try:
        services.nomination_create(actor=request.user, training_class=training_class, official=official)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("%(name)s is nominated.") % {"name": official.full_name})
    return redirect("training:class_detail", pk=pk)


@login_required
def nominate_upload(request, pk: int):
    training_class = get_object_or_404(TrainingClass.objects.open_to(request.user), pk=pk)
    context = {"c": training_class, "form": NominationUploadForm()}
    if request.method == "POST" and "token" in request.POST:
        try:
            ids = imports.unsign(training_class, request.POST["token"])
        except signing.BadSignature:
            messages.error(request, _("The checked list has expired; upload it again."))
            return redirect("training:nominate_upload", pk=pk)
        officials = list(Official.objects.editable_by(request.user).filter(pk__in=ids).select_related("unit"))
        try:
            services.nomination_create_many(actor=request.user, training_class=training_class, officials=officials)
        except ValidationError as error:
            _errors_to_messages(request, error)
            return redirect("training:nominate_upload", pk=pk)
        messages.success(request, _("%(count)s officials are nominated.") % {"count": len(officials)})
        return redirect("training:class_detail", pk=pk)
    if request.method == "POST":
        form = NominationUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            officials, errors = imports.check_file(
                actor=request.user, training_class=training_class, data=upload.read(), file_name=upload.name
            )
            context.update(
                {
                    "checked": True,
                    "officials": officials,
                    "errors": errors,
                    "token": imports.sign(training_class, officials) if officials and not errors else "",
                }
            )
        context["form"] = form
    return render(request, "training/nominate_upload.html", context)


def _coordinated_nomination(request, pk: int) -> Nomination:
    return get_object_or_404(
        Nomination.objects.for_coordinator(request.user)
        .select_related("training_class", "official", "unit")
        .exclude(training_class__status=ClassStatus.DRAFT),
        pk=pk,
    )


def _managed_nomination(request, pk: int) -> Nomination:
    """A nomination the user may change: as organiser of the class, or as coordinator of its unit."""
    organised = Nomination.objects.filter(training_class__in=TrainingClass.objects.organised_by(request.user))
    found = organised.filter(pk=pk).select_related("training_class", "official", "unit").first()
    return found or _coordinated_nomination(request, pk)


@login_required
def nomination_withdraw(request, pk: int):
    nomination = _managed_nomination(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_withdraw(actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request, _("The nomination of %(name)s is withdrawn.") % {"name": nomination.official.full_name}
            )
            return redirect("training:class_detail", pk=nomination.training_class_id)
    return render(request, "training/nomination_withdraw.html", {"nomination": nomination, "form": form})


@login_required
def nomination_substitute(request, pk: int):
    nomination = _managed_nomination(request, pk)
    training_class = nomination.training_class
    candidates = [
        o
        for o in Official.objects.filter(unit__path__startswith=nomination.unit.path, is_active=True, confirmed=True)
        .exclude(pk__in=training_class.nominations.active().values("official_id"))
        .select_related("unit")
        .in_name_order()
        if training_class.is_eligible(o)
    ]
    form = OfficialChoiceForm(request.POST or None, officials=candidates)
    if request.method == "POST" and form.is_valid():
        official = next(o for o in candidates if o.pk == form.cleaned_data["official"])
        try:
            services.nomination_substitute(
                actor=request.user, nomination=nomination, official=official, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("%(new)s replaces %(old)s.") % {"new": official.full_name, "old": nomination.official.full_name},
            )
            return redirect("training:class_detail", pk=training_class.pk)
    return render(request, "training/nomination_substitute.html", {"nomination": nomination, "form": form})


# Organiser pages.


def _offices(user):
    if access.is_administrator(user):
        return Unit.objects.organising_offices()
    return Unit.objects.filter(pk__in=access.organised_office_ids(user))


@login_required
def class_create(request):
    offices = _offices(request.user)
    if not offices.exists():
        raise PermissionDenied
    form = ClassForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        training_class = form.save(commit=False)
        training_class.created_by = request.user
        training_class.save()
        messages.success(request, _("The class is saved as a draft. Add its sessions and quotas, then announce it."))
        return redirect("training:class_manage", pk=training_class.pk)
    return render(request, "training/class_form.html", {"form": form, "c": None})


@login_required
def class_edit(request, pk: int):
    training_class = _organised_class(request, pk)
    if training_class.status in (ClassStatus.FINISHED, ClassStatus.CANCELLED):
        raise Http404
    form = ClassForm(request.POST or None, instance=training_class, offices=_offices(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("training:class_manage", pk=pk)
    return render(request, "training/class_form.html", {"form": form, "c": training_class})


def _invitable_units():
    return Unit.objects.current().filter(
        unit_type__in=[UnitType.COMMUNE, UnitType.OFFICE, UnitType.AGENCY, UnitType.DISTRICT, UnitType.VILLAGE]
    )


@login_required
def class_manage(request, pk: int):
    """The organiser's page of a class: sessions, quotas, status moves."""
    training_class = _organised_class(request, pk)
    session_form = SessionForm(request.POST if request.POST.get("form") == "session" else None)
    quota_form = QuotaForm(request.POST if request.POST.get("form") == "quota" else None, units=_invitable_units())
    if request.method == "POST":
        if request.POST.get("form") == "session" and session_form.is_valid():
            session = session_form.save(commit=False)
            session.training_class = training_class
            session.save()
            messages.success(request, _("Session added."))
            return redirect("training:class_manage", pk=pk)
        if request.POST.get("form") == "quota" and quota_form.is_valid():
            unit = get_object_or_404(_invitable_units(), pk=quota_form.cleaned_data["unit"])
            try:
                services.quota_set(
                    actor=request.user, training_class=training_class, unit=unit, seats=quota_form.cleaned_data["seats"]
                )
            except ValidationError as error:
                _errors_to_messages(request, error)
            else:
                messages.success(request, _("Quota saved."))
                return redirect("training:class_manage", pk=pk)
    used = training_class.nominations.seats_used_by_unit()
    quotas = [(q, used.get(q.unit_id, 0)) for q in training_class.quotas.select_related("unit")]
    quotas.sort(key=lambda pair: vietnamese.sort_key(pair[0].unit.name))
    return render(
        request,
        "training/class_manage.html",
        {
            "c": training_class,
            "sessions": training_class.sessions.all(),
            "quotas": quotas,
            "session_form": session_form,
            "quota_form": quota_form,
            "reason_form": ReasonForm(),
            "deadline_form": DeadlineForm(),
            "transitions": services.TRANSITIONS[training_class.status],
            "documents": documents.for_class(training_class, request.user),
        },
    )


@login_required
@require_POST
def session_delete(request, pk: int):
    session = _organised_session(request, pk)
    training_class = session.training_class
    if training_class.status != ClassStatus.DRAFT:
        messages.error(request, _("Sessions can only be removed from a draft class."))
    else:
        session.delete()
        messages.success(request, _("Session removed."))
    return redirect("training:class_manage", pk=training_class.pk)


@login_required
@require_POST
def class_transition(request, pk: int):
    training_class = _organised_class(request, pk)
    action = request.POST.get("action")
    try:
        if action == "announce":
            services.class_announce(actor=request.user, training_class=training_class)
        elif action == "close":
            services.class_close_nominations(actor=request.user, training_class=training_class)
        elif action == "start":
            services.class_start(actor=request.user, training_class=training_class)
        elif action == "finish":
            services.class_finish(actor=request.user, training_class=training_class)
        elif action == "cancel":
            services.class_cancel(
                actor=request.user, training_class=training_class, reason=request.POST.get("reason", "")
            )
        elif action == "extend":
            form = DeadlineForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the new deadline as dd/mm/yyyy hh:mm."))
            services.class_extend_deadline(
                actor=request.user, training_class=training_class, deadline=form.cleaned_data["deadline"]
            )
        else:
            raise Http404
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        training_class.refresh_from_db()
        messages.success(request, _("The class is now “%(status)s”.") % {"status": training_class.get_status_display()})
    return redirect("training:class_manage", pk=pk)


def compiled_rows(training_class: TrainingClass):
    """The nominations of a class grouped by invited unit with quota and seats used, units in Vietnamese order."""
    quotas = {q.unit_id: q for q in training_class.quotas.select_related("unit")}
    nominations = training_class.nominations.select_related("official__unit", "unit", "replaced_by__official").order_by(
        "official__sort_key", "pk"
    )
    groups: dict[int, dict] = {
        unit_id: {"unit": q.unit, "quota": q.seats, "active": 0, "nominations": []} for unit_id, q in quotas.items()
    }
    for nomination in nominations:
        group = groups.setdefault(
            nomination.unit_id, {"unit": nomination.unit, "quota": 0, "active": 0, "nominations": []}
        )
        group["nominations"].append(nomination)
        if nomination.status in ACTIVE_NOMINATION:
            group["active"] += 1
    return sorted(groups.values(), key=lambda g: vietnamese.sort_key(g["unit"].name))


@login_required
def compiled_list(request, pk: int):
    training_class = _organised_class(request, pk)
    groups = compiled_rows(training_class)
    totals = training_class.nominations.aggregate(
        nominated=Count("pk", filter=Q(status=NominationStatus.NOMINATED)),
        approved=Count("pk", filter=Q(status=NominationStatus.APPROVED)),
        rejected=Count("pk", filter=Q(status=NominationStatus.REJECTED)),
    )
    return render(
        request,
        "training/compiled_list.html",
        {
            "c": training_class,
            "groups": groups,
            "silent_units": [g["unit"] for g in groups if not g["nominations"]],
            "totals": totals,
            "reason_form": ReasonForm(),
            "add_form": OfficialChoiceForm() if training_class.status != ClassStatus.DRAFT else None,
        },
    )


@login_required
@require_POST
def nomination_decide(request, pk: int, decision: str):
    nomination = get_object_or_404(
        Nomination.objects.filter(training_class__in=TrainingClass.objects.organised_by(request.user)).select_related(
            "training_class", "official"
        ),
        pk=pk,
    )
    try:
        if decision == "approve":
            services.nomination_approve(actor=request.user, nomination=nomination)
        else:
            services.nomination_reject(actor=request.user, nomination=nomination, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        _errors_to_messages(request, error)
    return redirect(reverse("training:compiled_list", args=[nomination.training_class_id]) + f"#n{nomination.pk}")


@login_required
def organiser_add(request, pk: int):
    """An organiser adds a trainee, also after the deadline; the addition is logged as late."""
    training_class = _organised_class(request, pk)
    query = vietnamese.nfc(request.GET.get("q", ""))
    found = []
    if query:
        found = [
            o
            for o in Official.objects.active()
            .filter(confirmed=True)
            .search(query)
            .exclude(pk__in=training_class.nominations.active().values("official_id"))
            .select_related("unit")
            .in_name_order()[:30]
            if training_class.is_eligible(o)
        ]
    if request.method == "POST":
        official = get_object_or_404(Official.objects.active(), pk=request.POST.get("official"))
        try:
            services.nomination_create(actor=request.user, training_class=training_class, official=official)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("%(name)s is added and approved.") % {"name": official.full_name})
            return redirect("training:compiled_list", pk=pk)
    return render(request, "training/organiser_add.html", {"c": training_class, "query": query, "found": found})


# Attendance.


def _marking_context(session: ClassSession) -> dict:
    roster = list(session.training_class.nominations.roster())
    marks = {a.nomination_id: a for a in session.attendances.all()}
    rows = [(n, marks.get(n.pk)) for n in roster]
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for mark in marks.values():
        counts[mark.status] += 1
    return {
        "session": session,
        "c": session.training_class,
        "rows": rows,
        "counts": counts,
        "unmarked": len(roster) - len(marks),
        "total": len(roster),
        "statuses": AttendanceStatus.choices,
    }


@login_required
def session_marking(request, pk: int):
    session = _organised_session(request, pk)
    if request.method == "POST":
        try:
            if request.POST.get("all_present"):
                services.attendance_mark_all_present(actor=request.user, session=session)
            else:
                nomination_id, _sep, status = request.POST.get("mark", "").partition(":")
                nomination = get_object_or_404(
                    Nomination.objects.select_related("official"),
                    pk=int(nomination_id) if nomination_id.isdigit() else 0,
                    training_class=session.training_class,
                )
                services.attendance_record(
                    actor=request.user,
                    session=session,
                    nomination=nomination,
                    status=status,
                    reason=request.POST.get(f"reason-{nomination.pk}", ""),
                )
        except ValidationError as error:
            if request.headers.get("Accept") == "application/json":
                return JsonResponse({"error": " ".join(error.messages)}, status=400)
            _errors_to_messages(request, error)
        if request.headers.get("Accept") == "application/json":
            return JsonResponse(_counts_payload(session))
        return redirect(
            reverse("training:session_marking", args=[pk]) + (f"#n{nomination_id}" if "mark" in request.POST else "")
        )
    return render(request, "training/session_marking.html", _marking_context(session))


def _counts_payload(session: ClassSession) -> dict:
    counts = dict(session.attendances.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    marks = dict(session.attendances.values_list("nomination_id", "status"))
    total = session.training_class.nominations.filter(status=NominationStatus.APPROVED).count()
    return {
        "counts": counts,
        "marks": {str(k): v for k, v in marks.items()},
        "total": total,
        "unmarked": total - len(marks),
    }


@login_required
def session_counts(request, pk: int):
    return JsonResponse(_counts_payload(_organised_session(request, pk)))


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


@login_required
def session_qr(request, pk: int):
    """Full-screen rotating QR for self check-in; the page reloads itself before the code expires."""
    session = _organised_session(request, pk)
    token = checkin.current_token(session)
    url = settings.SITE_URL.rstrip("/") + reverse("training:check_in_token", args=[session.pk, token])
    return render(
        request,
        "training/session_qr.html",
        {
            "session": session,
            "c": session.training_class,
            "svg": _qr_svg(url),
            "url": url,
            "refresh": max(5, settings.LMS_CHECKIN_TOKEN_SECONDS // 2),
        },
    )


TICKET_KEY = "lms_checkin"


def check_in_token(request, session_pk: int, token: str):
    """Landing of a scanned QR: remember a short ticket, then continue (after signing in if needed)."""
    session = get_object_or_404(ClassSession.objects.select_related("training_class"), pk=session_pk)
    try:
        checkin.check_token(session, token)
    except ValidationError as error:
        # Whoever did not scan the room's code learns nothing about the class.
        return render(request, "training/check_in.html", {"error": " ".join(error.messages)}, status=400)
    expires = timezone.now() + datetime.timedelta(minutes=settings.LMS_CHECKIN_TICKET_MINUTES)
    request.session[TICKET_KEY] = {"session": session.pk, "until": expires.timestamp()}
    target = reverse("training:check_in", args=[session.pk])
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={target}")
    return redirect(target)


@login_required
def check_in(request, session_pk: int):
    session = get_object_or_404(ClassSession.objects.select_related("training_class"), pk=session_pk)
    ticket = request.session.get(TICKET_KEY) or {}
    valid_ticket = ticket.get("session") == session.pk and ticket.get("until", 0) >= timezone.now().timestamp()
    if not valid_ticket:
        error = _("Scan the QR code shown in the room to check in.")
        return render(request, "training/check_in.html", {"error": error}, status=400)
    context = {"session": session, "c": session.training_class}
    if request.method == "POST":
        try:
            checkin.check_window(session)
            record = services.attendance_self_check_in(
                user=request.user,
                session=session,
                late_after=datetime.timedelta(minutes=settings.LMS_CHECKIN_LATE_AFTER_MINUTES),
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "training/check_in.html", context, status=400)
        request.session.pop(TICKET_KEY, None)
        context["record"] = record
    return render(request, "training/check_in.html", context)
