package app.tandem.directory;

import app.tandem.platform.FieldError;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/** One checked row of an information-system export: a pupil and one of their parents or carers. */
record ImportRow(
        int line,
        String upn,
        String firstName,
        String lastName,
        String preferredName,
        LocalDate dateOfBirth,
        int yearGroup,
        String className,
        String contactName,
        String contactEmail,
        String relationship,
        boolean parentalResponsibility) {

    static final List<String> COLUMNS = List.of(
            "UPN",
            "Legal Forename",
            "Legal Surname",
            "Preferred Forename",
            "DOB",
            "Year",
            "Reg Group",
            "Contact Forename",
            "Contact Surname",
            "Contact Email",
            "Relationship",
            "Parental Responsibility");

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern UPN = Pattern.compile("^[A-Za-z0-9._/-]{1,64}$");
    private static final Pattern YEAR = Pattern.compile("^(?:year\\s*|y)?(\\d{1,2})$");
    private static final DateTimeFormatter UK_DATE =
            DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** Parses a record, adding an error per bad cell; null when the row is not usable. */
    static ImportRow parse(CSVRecord record, int line, List<FieldError> errors) {
        int before = errors.size();
        String upn = cell(record, "UPN", line, 64, true, errors);
        if (upn != null && !UPN.matcher(upn).matches())
            errors.add(error(line, "UPN", "has characters a reference cannot have."));
        String first = cell(record, "Legal Forename", line, 100, true, errors);
        String last = cell(record, "Legal Surname", line, 100, true, errors);
        String preferred = cell(record, "Preferred Forename", line, 100, false, errors);
        LocalDate dob = date(cell(record, "DOB", line, 10, true, errors), line, errors);
        Integer year = year(cell(record, "Year", line, 12, true, errors), line, errors);
        String className = cell(record, "Reg Group", line, 100, false, errors);
        String contactFirst = cell(record, "Contact Forename", line, 100, true, errors);
        String contactLast = cell(record, "Contact Surname", line, 100, true, errors);
        String email = cell(record, "Contact Email", line, 254, true, errors);
        if (email != null && !EMAIL.matcher(email).matches())
            errors.add(error(line, "Contact Email", "is not an email address."));
        String relationship = cell(record, "Relationship", line, 50, true, errors);
        Boolean pr = yesNo(cell(record, "Parental Responsibility", line, 5, true, errors), line, errors);
        if (errors.size() > before) return null;
        return new ImportRow(
                line,
                upn,
                first,
                last,
                preferred,
                dob,
                year,
                className,
                contactFirst + " " + contactLast,
                email.toLowerCase(Locale.ROOT),
                relationship.toLowerCase(Locale.ROOT),
                pr);
    }

    private static String cell(
            CSVRecord record, String column, int line, int max, boolean required, List<FieldError> errors) {
        String value = record.isMapped(column) && record.isSet(column)
                ? record.get(column).trim()
                : "";
        if (value.isEmpty()) {
            if (required) errors.add(error(line, column, "is empty."));
            return null;
        }
        if (value.length() > max) {
            errors.add(error(line, column, "is longer than " + max + " characters."));
            return null;
        }
        if (CONTROL.matcher(value).find()) {
            errors.add(error(line, column, "contains control characters."));
            return null;
        }
        return value;
    }

    private static LocalDate date(String value, int line, List<FieldError> errors) {
        if (value == null) return null;
        try {
            LocalDate date = value.contains("/") ? LocalDate.parse(value, UK_DATE) : LocalDate.parse(value);
            if (date.isAfter(LocalDate.now()) || date.isBefore(LocalDate.of(1990, 1, 1))) {
                errors.add(error(line, "DOB", "is not a plausible date of birth."));
                return null;
            }
            return date;
        } catch (DateTimeParseException ex) {
            errors.add(error(line, "DOB", "is not a date (dd/mm/yyyy)."));
            return null;
        }
    }

    private static Integer year(String value, int line, List<FieldError> errors) {
        if (value == null) return null;
        String v = value.toLowerCase(Locale.ROOT).trim();
        if (v.equals("r") || v.equals("reception")) return 0;
        if (v.equals("n") || v.equals("nursery")) return -1;
        Matcher m = YEAR.matcher(v);
        if (m.matches() && Integer.parseInt(m.group(1)) <= 14) return Integer.parseInt(m.group(1));
        errors.add(error(line, "Year", "is not a year group (R, 1-14, or \"Year 5\")."));
        return null;
    }

    private static Boolean yesNo(String value, int line, List<FieldError> errors) {
        if (value == null) return null;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "y", "yes", "true" -> true;
            case "n", "no", "false" -> false;
            default -> {
                errors.add(error(line, "Parental Responsibility", "must be Y or N."));
                yield null;
            }
        };
    }

    static FieldError error(int line, String column, String message) {
        return new FieldError("row " + line + ": " + column, message);
    }
}
