"""One catalog of words: datasets, measures, caveats and citations, written once and rendered everywhere.

Captions, About tabs, exports, alt text and the methodology page all read from here, so a
definition is never written twice and never drifts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OGL = "Open Government Licence v3.0"
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
DASHBOARD_TITLE = "Violence against women and girls in London: what the Met records"
SAMPLE_LABEL = "Sample data: synthetic figures for demonstration, not real statistics"
ILLUSTRATIVE_LABEL = "Illustrative — not official pilot results"


@dataclass(frozen=True)
class Dataset:
    """A published dataset: who publishes it, under what licence, where to find it."""

    key: str
    title: str
    publisher: str
    licence: str
    url: str
    description: str


DATASETS: dict[str, Dataset] = {d.key: d for d in [
    Dataset("mps_borough_crime", "MPS Borough Level Crime", "Metropolitan Police Service (London Datastore)",
            OGL, "https://data.london.gov.uk/dataset/recorded_crime_summary",
            "Recorded offences by borough, offence group and subgroup, per month."),
    Dataset("mps_ward_crime", "MPS Ward Level Crime", "Metropolitan Police Service (London Datastore)",
            OGL, "https://data.london.gov.uk/dataset/recorded_crime_summary",
            "Recorded offences by ward, offence group and subgroup, per month."),
    Dataset("mps_vawg", "MPS Violence Against Women and Girls dashboard data",
            "Metropolitan Police Service (London Datastore)", OGL,
            "https://data.london.gov.uk/dataset/mps-violence-against-women-and-girls-vawg-dashboard-data-2yod5",
            "VAWG-flagged offences by location and classification, and victims by location, age and ethnic group, per month."),
    Dataset("mps_homicide_victims", "MPS Homicide dashboard data: victims",
            "Metropolitan Police Service (London Datastore)", OGL,
            "https://data.london.gov.uk/dataset/mps-homicide-dashboard-data-2l1w8",
            "Victims of homicide recorded by the Met, one row per victim."),
    Dataset("mps_homicide_accused", "MPS Homicide dashboard data: persons proceeded against",
            "Metropolitan Police Service (London Datastore)", OGL,
            "https://data.london.gov.uk/dataset/mps-homicide-dashboard-data-2l1w8",
            "People charged or summonsed for homicide (the accused). Not linked to victims."),
    Dataset("mps_female_homicide_release", "MPS female homicide release",
            "Metropolitan Police Service (publication scheme)", OGL,
            "https://www.met.police.uk/foi-ai/metropolitan-police/disclosure-2024/",
            "Female homicide victims by relationship to offender, victim and suspect ethnicity."),
    Dataset("police_uk_street", "police.uk street-level crime", "Home Office / police.uk", OGL,
            "https://data.police.uk/data/", "Individual recorded crimes at anonymised map points, per month."),
    Dataset("london_boundaries", "London borough boundaries", "Greater London Authority (London Datastore)", OGL,
            "https://data.london.gov.uk/dataset/statistical-gis-boundary-files-london",
            "Borough boundary polygons. Contains OS data © Crown copyright and database right."),
    Dataset("ons_population", "ONS small-area population estimates by sex", "Office for National Statistics", OGL,
            "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates",
            "Mid-year population estimates for Lower layer Super Output Areas, by sex and broad age."),
    Dataset("tfl_bus_stops", "TfL bus stop locations", "Transport for London", "TfL open data terms (based on the OGL)",
            "https://tfl.gov.uk/info-for/open-data-users/", "Every TfL bus stop with its British National Grid location. Powered by TfL Open Data."),
    Dataset("tfl_pilot_sites", "Bus-shelter CCTV pilot sites", "Transport for London / Metropolitan Police", OGL,
            "https://www.met.police.uk/police-forces/metropolitan-police/areas/about-us/about-the-met/vawg/",
            "Bus shelters in the CCTV pilot, with phase and the date each camera went live."),
    Dataset("tfl_shelter_incidents", "Incidents reported at bus shelters", "Transport for London / Metropolitan Police",
            OGL, "https://tfl.gov.uk/", "Incidents reported at or near pilot and comparison shelters, per month."),
    Dataset("tfl_passenger_survey", "Bus-shelter CCTV pilot passenger survey", "Transport for London", OGL,
            "https://tfl.gov.uk/", "Passengers' feeling of safety at pilot and comparison shelters, before and after."),
]}


@dataclass(frozen=True)
class Measure:
    """A published measure: its title, unit and plain-English definition, with its caveats."""

    key: str
    title: str
    unit: str
    definition: str
    caveats: tuple[str, ...] = field(default_factory=tuple)


CAVEATS: dict[str, str] = {
    "recording": ("Recorded crime reflects how often people report and how police record offences, as well "
                  "as how often offences happen. A rise can mean more confidence in reporting."),
    "connect": ("In March 2024 the Met moved its crime recording from CRIS to a new system, CONNECT. Some "
                "flags (such as domestic abuse and hate crime) are not comparable before and after the move, "
                "and offences are now placed by incident location."),
    "snap_points": ("police.uk moves every crime to the nearest of a fixed set of anonymous map points "
                    "(\"On or near …\"), so a point is a street or a place, never an address."),
    "revisions": ("Each monthly release can revise earlier months. For each month we show the figure from the "
                  "newest release that covers it."),
    "city_of_london": ("The City of London has its own police force; the Met's files do not cover it. "
                       "British Transport Police also record crime on the railways separately."),
}

MEASURES: dict[str, Measure] = {m.key: m for m in [
    Measure("vawg_offences", "VAWG offences", "offences",
            "Offences the Met flags as violence against women and girls, counted by the month they were recorded.",
            ("recording", "connect", "revisions")),
    Measure("vawg_rate", "VAWG offences per 1,000 women and girls", "per 1,000 women and girls",
            "VAWG offences divided by the number of women and girls living in the area (ONS mid-2020 "
            "estimates), times 1,000. Over a period of months it is the total for the period.",
            ("recording", "connect")),
    Measure("vawg_victims", "Victims of VAWG offences", "victims",
            "People recorded as victims of VAWG-flagged offences, by recorded month.", ("recording", "connect")),
    Measure("female_homicide_victims", "Women and girls who were victims of homicide", "victims",
            "Homicide is murder, manslaughter, infanticide and corporate manslaughter. Counted by the year "
            "the homicide was recorded. The City of London Police and British Transport Police record their own.",
            ("city_of_london",)),
    Measure("street_violence", "Violence and sexual offences (police.uk)", "offences",
            "police.uk crimes of type 'Violence and sexual offences' counted in hexagonal cells.",
            ("snap_points", "recording")),
    Measure("recorded_crime", "Recorded offences", "offences",
            "All offences recorded by the Met, by borough and offence group.", ("recording", "revisions")),
]}
