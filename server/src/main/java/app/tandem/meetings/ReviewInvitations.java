package app.tandem.meetings;

import app.tandem.mail.MailOutbox;
import app.tandem.notices.Notices;
import app.tandem.platform.SchoolTime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.UUID;

/**
 * Inviting everyone to an EHC annual review (SEND Regulations 2014, reg. 20: at least two weeks'
 * notice), inside the transaction that schedules it, so the invitations exist exactly when the
 * review does. The family hear through a formal notice (the parents who read the record; from the
 * transfer date the young person too) and a push; each invitee with an email gets the meeting as a
 * calendar invitation, updated or cancelled by the same UID when the meeting is.
 *
 * @param organizerEmail the address the school's emails come from, which calendar programs show as
 *     the organiser
 * @param emailOn whether email is configured; without it no invitee is emailed, and the step waits
 *     for the SENCO to invite them another way and record it
 */
record ReviewInvitations(
        Vertx vertx, AnnualReviewStore store, Notices notices, String organizerEmail, boolean emailOn) {
    /** The school as the organiser of its meetings' calendar entries. */
    Calendars.Party organizer(String schoolName) {
        return new Calendars.Party(schoolName, organizerEmail);
    }

    /** Sends every invitation for the review just written, and records the step as done today. */
    Future<Void> send(SqlClient tx, UUID reviewId, UUID by, Instant now) {
        return store.invitation(tx, reviewId, now).compose(invitation -> notices.sendFormal(
                        tx,
                        invitation.schoolId(),
                        invitation.pupilId(),
                        by,
                        invitation.youngPerson()
                                ? "Invitation to your annual review"
                                : "Invitation to " + invitation.calledBy() + "'s annual review",
                        familyLetter(invitation),
                        false,
                        now)
                .compose(notice -> emailInvitees(tx, invitation, now))
                .compose(v -> emailOn || invitation.invited().isEmpty()
                        ? store.invitationsSent(tx, reviewId, SchoolTime.today(now, invitation.zone()))
                        : Future.succeededFuture()));
    }

    /** The review's meeting was cancelled: each invitee's calendar gets the cancellation. */
    Future<Void> cancelled(SqlClient tx, UUID meetingId, Instant now) {
        return store.invitation(tx, meetingId, now)
                .compose(invitation ->
                        invitation == null ? Future.succeededFuture() : emailInvitees(tx, invitation, now));
    }

    private Future<Void> emailInvitees(SqlClient tx, AnnualReviewStore.Invitation invitation, Instant now) {
        if (!emailOn || invitation.invitees().isEmpty()) return Future.succeededFuture();
        Calendars.Party school = organizer(invitation.schoolName());
        Calendars.Event event = new Calendars.Event(
                invitation.meetingId(),
                invitation.sequence(),
                invitation.cancelled(),
                invitation.startsAt(),
                invitation.endsAt(),
                invitation.zone(),
                "Annual review: " + invitation.calledBy() + " " + invitation.initial() + ".",
                invitation.place(),
                "EHC plan annual review at " + invitation.schoolName() + ".");
        // ical4j reads time zone data the first time: off the event loop.
        return vertx.executeBlocking(
                        () -> invitation.invitees().stream()
                                .map(invitee -> Calendars.invitation(event, school, invitee))
                                .toList(),
                        false)
                .compose(calendars -> {
                    Future<Void> all = Future.succeededFuture();
                    for (int i = 0; i < calendars.size(); i++) {
                        Calendars.Party invitee = invitation.invitees().get(i);
                        String calendar = calendars.get(i);
                        all = all.compose(v -> MailOutbox.enqueueWithCalendar(
                                        tx,
                                        invitation.schoolId(),
                                        invitee.email(),
                                        invitation.cancelled()
                                                ? "Cancelled: annual review at " + invitation.schoolName()
                                                : "Invitation: annual review at " + invitation.schoolName(),
                                        inviteeLetter(invitation, invitee),
                                        calendar,
                                        now)
                                .mapEmpty());
                    }
                    return all;
                });
    }

    /** The family's invitation, in plain words: when, where, what happens, how to take part. */
    private static String familyLetter(AnnualReviewStore.Invitation r) {
        String who = r.youngPerson() ? "your" : r.calledBy() + "'s";
        return "You are invited to " + who + " annual review on " + r.startsInWords() + ", at " + r.place() + ".\n\n"
                + "The annual review is a meeting about " + who + " EHC plan: what is going well, what is hard,"
                + " and whether the plan should change. The school, the local authority and the professionals"
                + " who work with " + (r.youngPerson() ? "you" : r.calledBy()) + " are invited too.\n\n"
                + "Your views matter most. You can tell the school what you think before the meeting, in"
                + " Tandem or in a message to the SENCO, and at the meeting itself. "
                + (r.youngPerson() ? "You" : r.calledBy()) + " can give their views in the way that suits them"
                + " best.\n\n"
                + "You can bring someone to support you: a friend, a relative, or an adviser from your local"
                + " SENDIASS (the free SEND information, advice and support service).\n\n"
                + "If the time does not suit you, please message the SENCO.";
    }

    private static String inviteeLetter(AnnualReviewStore.Invitation r, Calendars.Party invitee) {
        if (r.cancelled()) {
            return "Dear " + invitee.name() + ",\n\nThe annual review at " + r.schoolName() + " for "
                    + r.calledBy() + " " + r.initial() + ". on " + r.startsInWords()
                    + " has been cancelled. The school will be in touch with a new date.\n\n" + r.schoolName();
        }
        return "Dear " + invitee.name() + ",\n\nYou are invited to the EHC plan annual review for " + r.calledBy()
                + " " + r.initial() + ". at " + r.schoolName() + " on " + r.startsInWords() + ", at " + r.place()
                + ". The meeting is attached for your calendar.\n\n"
                + "Please send any advice or information to the school's SENCO at least two weeks before the"
                + " meeting, so it can be shared with everyone invited.\n\n" + r.schoolName();
    }
}
