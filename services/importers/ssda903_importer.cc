#include "importers/ssda903_importer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <pugixml.hpp>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/date.h"
#include "importers/csv_reader.h"
#include "importers/return_codes.h"
#include "importers/return_common.h"

namespace scorecard::importers {
namespace {

namespace fs = std::filesystem;

// One episode as read from either form of the return, before validation.
struct EpisodeRow {
  std::string file;
  std::string location;
  std::string child, decom, rne, ls, cin, place, provider, dec, rec, reason_change, urn;
};

// One header.csv / uasc.csv row (or an XML HEADER), before validation.
struct PersonRow {
  std::string file;
  std::string location;
  std::string child, dob, duc;
  bool uasc = false;
  bool from_uasc_file = false;  // uasc.csv rows merge into the header's person
};

struct ValidEpisode {
  const EpisodeRow* row;
  std::string record_id;
  Day decom;
  std::optional<Day> dec;
  bool drop_rec;  // REC on an open episode: reported and not carried
};

struct ValidPerson {
  std::string child;
  Day dob;
  bool uasc;
  std::string duc;  // ISO or empty
  std::string file;
  std::string location;
};

std::optional<ValidEpisode> CheckEpisode(const EpisodeRow& r, ImportReport& report,
                                         std::unordered_set<std::string>& seen) {
  RecordChecker c(report, r.file, r.location, kUkDates, "return");
  c.Required("CHILD", r.child);
  const auto decom = c.Date("DECOM", r.decom, true);
  const auto dec = c.Date("DEC", r.dec, false);
  c.Code("RNE", r.rne, codes::IsReasonNewEpisode, true);
  c.Code("LS", r.ls, codes::IsLegalStatus, true);
  c.Code("CIN", r.cin, codes::IsCategoryOfNeed, true);
  c.Code("PLACE", r.place, codes::IsPlacementType, true);
  c.Code("PLACE_PROVIDER", r.provider, codes::IsPlacementProvider, false);
  // A ceased episode must say why (the ceased/continues distinction rests on
  // X1); on an open episode REC means nothing and is dropped with a warning.
  c.Code("REC", dec ? r.rec : std::string(), codes::IsReasonEpisodeCeased, dec.has_value());
  c.Code("REASON_PLACE_CHANGE", r.reason_change, codes::IsReasonPlaceChange, false);
  if (c.failed()) return std::nullopt;
  if (dec && *dec < *decom) {
    c.Fail("DEC", kDateOrder, "episode ceased (" + r.dec + ") before it began (" + r.decom + ")");
    return std::nullopt;
  }
  ValidEpisode v{&r, r.child + ":" + FormatIsoDate(*decom), *decom, dec, !dec && !r.rec.empty()};
  if (!IsValidId(v.record_id)) {
    c.Fail("CHILD", kInvalidId,
           "'" + r.child + "' makes an id that is not 1-64 characters of [A-Za-z0-9_.:-]");
    return std::nullopt;
  }
  if (!seen.insert(v.record_id).second) {
    c.Fail("DECOM", kDuplicateRecord,
           "a second episode for child " + r.child + " starting " + r.decom);
    return std::nullopt;
  }
  return v;
}

// Header rows create people; uasc rows mark them (or create them when the
// header lacks the child). Returns people in first-seen order.
std::vector<ValidPerson> CheckPeople(const std::vector<PersonRow>& rows, ImportReport& report) {
  std::vector<ValidPerson> people;
  std::unordered_map<std::string, size_t> index;
  std::unordered_set<std::string> uasc_seen;
  for (const PersonRow& r : rows) {
    RecordChecker c(report, r.file, r.location, kUkDates, "return");
    c.Required("CHILD", r.child);
    const auto dob = c.Date("DOB", r.dob, true);
    const auto duc = c.Date("DUC", r.duc, false);
    if (c.failed()) continue;
    if (!IsValidId(r.child)) {
      c.Fail("CHILD", kInvalidId, "'" + r.child + "' is not 1-64 characters of [A-Za-z0-9_.:-]");
      continue;
    }
    if (duc && *duc < *dob) {
      c.Fail("DUC", kDateOrder, "UASC status ceased (" + r.duc + ") before birth (" + r.dob + ")");
      continue;
    }
    const std::string duc_iso = duc ? FormatIsoDate(*duc) : std::string();
    auto it = index.find(r.child);
    if (!r.from_uasc_file) {
      if (it != index.end()) {
        c.Fail("CHILD", kDuplicateRecord, "child " + r.child + " appears twice");
        continue;
      }
      index.emplace(r.child, people.size());
      people.push_back(ValidPerson{r.child, *dob, r.uasc, duc_iso, r.file, r.location});
      continue;
    }
    if (!uasc_seen.insert(r.child).second) {
      c.Fail("CHILD", kDuplicateRecord, "child " + r.child + " appears twice");
      continue;
    }
    if (it == index.end()) {
      index.emplace(r.child, people.size());
      people.push_back(ValidPerson{r.child, *dob, true, duc_iso, r.file, r.location});
      continue;
    }
    ValidPerson& p = people[it->second];
    if (p.dob != *dob) {
      report.Warn(r.file, r.location, "DOB", kConflictingValue,
                  "differs from " + p.file + " (" + FormatIsoDate(p.dob) + "), which is kept");
    }
    p.uasc = true;
    p.duc = duc_iso;
  }
  return people;
}

v1::CaseEvent BaseEvent(const Ssda903Options& o, int64_t version,
                        const google::protobuf::Timestamp& recorded_at, const std::string& child,
                        std::string record_id) {
  v1::CaseEvent e;
  e.set_la_code(o.la_code);
  e.set_source_system(o.source_system);
  e.set_child_id(child);
  e.set_record_id(std::move(record_id));
  e.set_record_version(version);
  e.set_op(v1::OP_UPSERT);
  *e.mutable_recorded_at() = recorded_at;
  e.set_team_id(o.team_id);
  return e;
}

// Validates every row, settles the version and writes the events.
void Convert(const std::vector<EpisodeRow>& episodes, const std::vector<PersonRow>& person_rows,
             const std::string& version_file, const Ssda903Options& options, EventSink& sink,
             ImportReport& report) {
  std::unordered_set<std::string> seen;
  std::vector<ValidEpisode> valid;
  valid.reserve(episodes.size());
  for (const EpisodeRow& r : episodes) {
    if (auto v = CheckEpisode(r, report, seen)) valid.push_back(std::move(*v));
  }
  const std::vector<ValidPerson> people = CheckPeople(person_rows, report);

  int64_t version = options.version;
  if (version <= 0) {
    std::optional<Day> latest;
    for (const ValidEpisode& v : valid) {
      const Day d = v.dec ? std::max(v.decom, *v.dec) : v.decom;
      if (!latest || d > *latest) latest = d;
    }
    if (latest) {
      version = VersionFromDateTime(FinancialYear(*latest) + 1, 3, 31);
    } else {
      version = 1;
      report.Warn(version_file, "", "", kVersionDefaulted,
                  "no valid episode to date the return; record_version 1 used (pass --version)");
    }
  }
  const google::protobuf::Timestamp recorded_at = TimestampFromVersion(version);

  for (const ValidPerson& p : people) {
    v1::CaseEvent e = BaseEvent(options, version, recorded_at, p.child, p.child);
    v1::Person* person = e.mutable_person();
    person->set_birth_date(FormatIsoDate(p.dob));
    person->set_uasc(p.uasc);
    person->set_uasc_ceased_date(p.duc);
    AssignEventId(e);
    sink.Write(e);
    ++report.events_produced;
  }
  for (const ValidEpisode& v : valid) {
    const EpisodeRow& r = *v.row;
    if (v.drop_rec) {
      report.Warn(r.file, r.location, "REC", kIgnoredValue,
                  "'" + r.rec + "' given for an open episode (no DEC); not carried");
    }
    v1::CaseEvent e = BaseEvent(options, version, recorded_at, r.child, v.record_id);
    v1::ClaEpisode* ep = e.mutable_cla_episode();
    ep->set_decom(FormatIsoDate(v.decom));
    ep->set_rne(r.rne);
    ep->set_ls(r.ls);
    ep->set_cin(r.cin);
    ep->set_place(r.place);
    ep->set_place_provider(r.provider);
    if (v.dec) {
      ep->set_dec(FormatIsoDate(*v.dec));
      ep->set_rec(r.rec);
    }
    ep->set_reason_place_change(r.reason_change);
    ep->set_urn(r.urn);
    AssignEventId(e);
    sink.Write(e);
    ++report.events_produced;
  }
}

// Reads a CSV file with a header row, calling `row(line, get)` for each data
// row whose field count matches; `get(column)` returns the trimmed value or ""
// when the column is absent. False (and a file error) when the file cannot be
// read or lacks a required column.
template <typename RowFn>
bool ReadCsvFile(const fs::path& path, std::initializer_list<const char*> required,
                 ImportReport& report, RowFn row) {
  const std::string file = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report.FileError(file, kMissingFile, "cannot open " + path.string());
    return false;
  }
  CsvReader reader(in);
  std::vector<std::string> fields;
  if (!reader.Next(fields)) {
    report.FileError(file, kMalformedFile, "empty file: no header row");
    return false;
  }
  std::unordered_map<std::string, size_t> columns;
  for (size_t i = 0; i < fields.size(); ++i) columns.emplace(Trimmed(fields[i]), i);
  for (const char* name : required) {
    if (!columns.contains(name)) {
      report.FileError(file, kMalformedFile, std::string("no column ") + name + " in the header");
      return false;
    }
  }
  const size_t width = fields.size();
  std::string location;
  while (reader.Next(fields)) {
    if (fields.size() == 1 && Trimmed(fields[0]).empty()) continue;  // blank line
    ++report.rows_read;
    location = "line " + std::to_string(reader.line());
    if (fields.size() != width) {
      report.Reject(
          file, location, "", kMalformedRow,
          "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
      continue;
    }
    auto get = [&](const char* name) -> std::string {
      auto it = columns.find(name);
      return it == columns.end() ? std::string() : Trimmed(fields[it->second]);
    };
    row(location, get);
  }
  return true;
}

std::string NotImportedReason(const std::string& name) {
  if (name == "missing.csv") return "missing-from-care spells have no event kind in the contract";
  if (name == "sw_episodes.csv") {
    return "social worker episodes name no team, which an allocation needs";
  }
  if (name.ends_with(".xml")) return "XML form of the return: import it with --file";
  return "not part of the SSDA903 CSV return";
}

}  // namespace

ImportReport ImportSsda903Directory(const std::string& dir, const Ssda903Options& options,
                                    EventSink& sink) {
  ImportReport report;
  const fs::path base(dir);
  std::vector<EpisodeRow> episodes;
  std::vector<PersonRow> people;

  ReadCsvFile(base / "episodes.csv", {"CHILD", "DECOM", "RNE", "LS", "PLACE"}, report,
              [&](const std::string& location, const auto& get) {
                episodes.push_back(EpisodeRow{"episodes.csv", location, get("CHILD"), get("DECOM"),
                                              get("RNE"), get("LS"), get("CIN"), get("PLACE"),
                                              get("PLACE_PROVIDER"), get("DEC"), get("REC"),
                                              get("REASON_PLACE_CHANGE"), get("URN")});
              });
  ReadCsvFile(base / "header.csv", {"CHILD", "DOB"}, report,
              [&](const std::string& location, const auto& get) {
                people.push_back(
                    PersonRow{"header.csv", location, get("CHILD"), get("DOB"), "", false, false});
              });
  ReadCsvFile(base / "uasc.csv", {"CHILD", "DOB"}, report,
              [&](const std::string& location, const auto& get) {
                people.push_back(PersonRow{"uasc.csv", location, get("CHILD"), get("DOB"),
                                           get("DUC"), true, true});
              });

  std::error_code ec;
  std::vector<std::string> others;
  for (const auto& entry : fs::directory_iterator(base, ec)) {
    const std::string name = entry.path().filename().string();
    if (name != "episodes.csv" && name != "header.csv" && name != "uasc.csv") {
      others.push_back(name);
    }
  }
  std::sort(others.begin(), others.end());
  for (const std::string& name : others) {
    report.Warn(name, "", "", kFileNotImported, NotImportedReason(name));
  }

  Convert(episodes, people, "episodes.csv", options, sink, report);
  return report;
}

ImportReport ImportSsda903Xml(const std::string& path, const Ssda903Options& options,
                              EventSink& sink) {
  ImportReport report;
  const std::string file = fs::path(path).filename().string();
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_file(path.c_str());
  if (!parsed) {
    report.FileError(file, kMalformedFile,
                     std::string("not well-formed XML: ") + parsed.description() + " at byte " +
                         std::to_string(parsed.offset));
    return report;
  }
  const pugi::xml_node root = doc.document_element();
  const std::string root_path = std::string("/") + root.name();
  auto text = [](pugi::xml_node parent, const char* name) {
    return Trimmed(parent.child(name).text().get());
  };

  std::vector<EpisodeRow> episodes;
  std::vector<PersonRow> people;
  int child_index = 0;
  for (pugi::xml_node child : root.children("CHILD")) {
    const std::string child_path = root_path + "/CHILD[" + std::to_string(++child_index) + "]";
    const pugi::xml_node header = child.child("HEADER");
    const std::string child_id = text(header, "CHILDID");
    ++report.rows_read;
    const std::string duc = text(header, "DUC");
    people.push_back(PersonRow{file, child_path + "/HEADER[1]", child_id, text(header, "DOB"), duc,
                               text(header, "UASC") == "1" || !duc.empty(), false});
    int episode_index = 0;
    for (pugi::xml_node ep : child.children("EPISODE")) {
      ++report.rows_read;
      std::string place = text(ep, "PL");
      if (place.empty()) place = text(ep, "PLACE");
      episodes.push_back(
          EpisodeRow{file, child_path + "/EPISODE[" + std::to_string(++episode_index) + "]",
                     child_id, text(ep, "DECOM"), text(ep, "RNE"), text(ep, "LS"), text(ep, "CIN"),
                     place, text(ep, "PLACE_PROVIDER"), text(ep, "DEC"), text(ep, "REC"),
                     text(ep, "REASON_PLACE_CHANGE"), text(ep, "URN")});
    }
  }
  Convert(episodes, people, file, options, sink, report);
  return report;
}

}  // namespace scorecard::importers
