"""One catalog of words: datasets, measures, caveats, citations and page texts, written once and rendered everywhere.

Captions, About tabs, exports, alt text and the methodology page all read from here, so a
definition is never written twice and never drifts. Datasets, measures and caveats are records,
each defined once in one literal collection of its kind; `tests/unit/test_catalog.py` fails when a
record is incomplete or names a caveat or dataset that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

# --- Licences, titles and labels every page shares ------------------------------------------------

OGL = "Open Government Licence v3.0"
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
DASHBOARD_TITLE = "Violence against women and girls in London: what the Met records"
SAMPLE_LABEL = "Sample data: synthetic figures for demonstration, not real statistics"
ILLUSTRATIVE_LABEL = "Illustrative — not official pilot results"
# The first month the Met recorded on CONNECT; comparisons that cross it say so (see CAVEATS["connect"]).
CONNECT_FIRST_MONTH = "2024-03-01"
CITE_DASHBOARD = (
    "{title}. Open dashboard of Metropolitan Police Service data, with data up to and including {month}. "
    "Accessed {today}."
)
CITE_SOURCE = "{publisher}. {title}. {url}. Licensed under the {licence}."
# How to reach whoever runs this copy of the dashboard (an email address or web page); empty until they say.
FEEDBACK_CONTACT = ""


# --- Record types ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A published dataset: who publishes it, under what licence, where to find it."""

    key: str
    title: str
    publisher: str
    licence: str
    url: str
    description: str


@dataclass(frozen=True)
class Caveat:
    """Something a reader should know before using a figure: a short heading and the text itself."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Measure:
    """A published measure: its title, unit and plain-English definition, its caveats and the datasets it comes from.

    `caveats` are keys of CAVEATS and `sources` keys of DATASETS.
    """

    key: str
    title: str
    unit: str
    definition: str
    caveats: tuple[str, ...]
    sources: tuple[str, ...]


_Record = TypeVar("_Record", Dataset, Caveat, Measure)


def _by_key(records: list[_Record]) -> dict[str, _Record]:
    """Records by key, in the order written; a key written twice is a mistake, not an override."""
    keyed: dict[str, _Record] = {}
    for record in records:
        if record.key in keyed:
            raise ValueError(f"catalog key {record.key!r} is defined twice")
        keyed[record.key] = record
    return keyed


# --- Datasets: what is published, by whom, under which licence ------------------------------------

DATASETS: dict[str, Dataset] = _by_key(
    [
        Dataset(
            "mps_borough_crime",
            "MPS Borough Level Crime",
            "Metropolitan Police Service (London Datastore)",
            OGL,
            "https://data.london.gov.uk/dataset/recorded_crime_summary",
            "Recorded offences by borough, offence group and subgroup, per month.",
        ),
        Dataset(
            "mps_ward_crime",
            "MPS Ward Level Crime",
            "Metropolitan Police Service (London Datastore)",
            OGL,
            "https://data.london.gov.uk/dataset/recorded_crime_summary",
            "Recorded offences by ward, offence group and subgroup, per month.",
        ),
        Dataset(
            "mps_vawg",
            "MPS Violence Against Women and Girls dashboard data",
            "Metropolitan Police Service (London Datastore)",
            OGL,
            "https://data.london.gov.uk/dataset/mps-violence-against-women-and-girls-vawg-dashboard-data-2yod5",
            "VAWG-flagged offences by location and classification, and victims by location, age and ethnic group, per month.",
        ),
        Dataset(
            "mps_homicide_victims",
            "MPS Homicide dashboard data: victims",
            "Metropolitan Police Service (London Datastore)",
            OGL,
            "https://data.london.gov.uk/dataset/mps-homicide-dashboard-data-2l1w8",
            "Victims of homicide recorded by the Met, one row per victim.",
        ),
        Dataset(
            "mps_homicide_accused",
            "MPS Homicide dashboard data: persons proceeded against",
            "Metropolitan Police Service (London Datastore)",
            OGL,
            "https://data.london.gov.uk/dataset/mps-homicide-dashboard-data-2l1w8",
            "People charged or summonsed for homicide (the accused). Not linked to victims.",
        ),
        Dataset(
            "mps_female_homicide_release",
            "MPS female homicide release",
            "Metropolitan Police Service (publication scheme)",
            OGL,
            "https://www.met.police.uk/foi-ai/metropolitan-police/disclosure-2024/",
            "Female homicide victims by relationship to offender, victim and suspect ethnicity.",
        ),
        Dataset(
            "police_uk_street",
            "police.uk street-level crime",
            "Home Office / police.uk",
            OGL,
            "https://data.police.uk/data/",
            "Individual recorded crimes at anonymised map points, per month.",
        ),
        Dataset(
            "london_boundaries",
            "London borough boundaries",
            "Greater London Authority (London Datastore)",
            OGL,
            "https://data.london.gov.uk/dataset/statistical-gis-boundary-files-london",
            "Borough boundary polygons. Contains OS data © Crown copyright and database right.",
        ),
        Dataset(
            "ons_population",
            "ONS small-area population estimates by sex",
            "Office for National Statistics",
            OGL,
            "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates",
            "Mid-year population estimates for Lower layer Super Output Areas, by sex and broad age.",
        ),
        Dataset(
            "tfl_bus_stops",
            "TfL bus stop locations",
            "Transport for London",
            "TfL open data terms (based on the OGL)",
            "https://tfl.gov.uk/info-for/open-data-users/",
            "Every TfL bus stop with its British National Grid location. Powered by TfL Open Data.",
        ),
        Dataset(
            "tfl_pilot_sites",
            "Bus-shelter CCTV pilot sites",
            "Transport for London / Metropolitan Police",
            OGL,
            "https://www.met.police.uk/police-forces/metropolitan-police/areas/about-us/about-the-met/vawg/",
            "Bus shelters in the CCTV pilot, with phase and the date each camera went live.",
        ),
        Dataset(
            "tfl_shelter_incidents",
            "Incidents reported at bus shelters",
            "Transport for London / Metropolitan Police",
            OGL,
            "https://tfl.gov.uk/",
            "Incidents reported at or near pilot and comparison shelters, per month.",
        ),
        Dataset(
            "tfl_passenger_survey",
            "Bus-shelter CCTV pilot passenger survey",
            "Transport for London",
            OGL,
            "https://tfl.gov.uk/",
            "Passengers' feeling of safety at pilot and comparison shelters, before and after.",
        ),
    ]
)


# --- Caveats: what to know before using a figure, each with its heading on the About page ---------

CAVEAT_RECORDS: dict[str, Caveat] = _by_key(
    [
        # Recorded crime, the Met's files and police.uk (every page)
        Caveat(
            "recording",
            "Recorded crime is not all crime",
            (
                "Recorded crime reflects how often people report and how police record offences, as well "
                "as how often offences happen. A rise can mean more confidence in reporting."
            ),
        ),
        Caveat(
            "connect",
            "The Met's new recording system (CRIS to CONNECT, March 2024)",
            (
                "In March 2024 the Met moved its crime recording from CRIS to a new system, CONNECT. Some "
                "flags (such as domestic abuse and hate crime) are not comparable before and after the move, "
                "and offences are now placed by incident location."
            ),
        ),
        Caveat(
            "snap_points",
            "police.uk map points are not addresses",
            (
                "police.uk moves every crime to the nearest of a fixed set of anonymous map points "
                '("On or near …"), so a point is a street or a place, never an address.'
            ),
        ),
        Caveat(
            "revisions",
            "Earlier months are revised",
            (
                "Each monthly release can revise earlier months. For each month we show the figure from the "
                "newest release that covers it."
            ),
        ),
        Caveat(
            "city_of_london",
            "The City of London and the railways are policed separately",
            (
                "The City of London has its own police force; the Met's files do not cover it. "
                "British Transport Police also record crime on the railways separately."
            ),
        ),
        Caveat(
            "outside_vawg",
            "Some offences in the VAWG data are outside VAWG",
            (
                "The Met's VAWG figures by place (London, borough, ward) include offences it flags in its VAWG "
                "data but classes as 'Other flagged offences outside of VAWG'. The London-wide figures by type "
                "of offence show how many these are; the figures by place cannot leave them out."
            ),
        ),
        # The bus-shelter CCTV pilot
        Caveat(
            "shelter_selection",
            "Pilot shelters were chosen for high crime",
            (
                "Pilot shelters were picked because crime there was high, not at random. Places picked at a peak tend to "
                "fall back towards their usual level whatever is done (regression to the mean). Matching on the crimes "
                "before go-live is meant to make comparison stops fall back alike; it cannot guarantee it, and the page "
                "warns when the two groups started at different levels."
            ),
        ),
        Caveat(
            "shelter_displacement",
            "Crime may move rather than stop",
            (
                "Crime deterred from a camera shelter may move round the corner, possibly to a comparison stop, which "
                "would flatter the cameras; or the whole area may benefit (diffusion of benefits), which would hide them. "
                "Comparison stops are kept away from cameras to limit this, not to rule it out."
            ),
        ),
        Caveat(
            "shelter_reporting",
            "Cameras change reporting and recording",
            (
                "A camera can make people more willing to report and give police evidence to record a crime, so a rise "
                "near cameras is not evidence of harm and a fall is not proof of prevention. Changes in how crimes are "
                "recorded (the Met moved to a new system, CONNECT, in 2024) cancel out only if they hit pilot and "
                "comparison places alike."
            ),
        ),
        Caveat(
            "shelter_radius",
            "Counts near a shelter are rough",
            (
                "police.uk does not publish where a crime happened. It moves every crime to the nearest of a fixed set of "
                'anonymous map points ("On or near …"), which can be tens to hundreds of metres away. Within 100 m a '
                "shelter may or may not catch the point for its own street, and two nearby shelters can share one point. "
                "Counts near a shelter are counts near the map points that happen to fall inside the circle, so treat "
                "100 m results as rough and compare them with 200 m."
            ),
        ),
        Caveat(
            "shelter_no_victim_sex",
            "police.uk does not record the victim's sex",
            (
                "police.uk has no victim sex, so a crime type stands in for crimes against women "
                "and girls and includes crimes against men and boys."
            ),
        ),
        Caveat(
            "survey_feelings",
            "A survey measures feelings, not crime",
            (
                "A survey measures how safe people feel, not how much crime there is, and only among the "
                "passengers who answered."
            ),
        ),
        # The hot spot map
        Caveat(
            "hotspot_relative",
            "Hot spots are relative to the area analysed",
            (
                "Gi* compares each hexagon with the area analysed. When only some forces' points are loaded (for example only "
                "the City of London Police's), a hot spot is hotter than the rest of that area, not hotter than London as a "
                "whole."
            ),
        ),
        Caveat(
            "hotspot_not_vawg",
            "police.uk has no victim sex",
            (
                "police.uk has no victim sex, so 'Violence and sexual offences' includes crimes against men and boys. The "
                "Met publishes its VAWG figures by ward, without map positions, so they cannot be put in hexagons."
            ),
        ),
        Caveat(
            "hotspot_hidden_cells",
            "Hexagons with few offences are not shown",
            (
                "Hexagons with too few offences to show safely are left off the map, the table and "
                "the download, so the hexagons shown do not add up to the total."
            ),
        ),
        # Female homicide
        Caveat(
            "homicide_recorded_year",
            "Homicides are counted by the year they were recorded",
            (
                "Victims are counted in the year the Met recorded the homicide, which can be later "
                "than the year of the attack."
            ),
        ),
        Caveat(
            "homicide_small_numbers",
            "Small numbers go up and down by chance",
            (
                "A few dozen women and girls are killed in London each year, so the yearly number "
                "goes up and down by chance. Look at the longer run before reading much into one "
                "year."
            ),
        ),
        Caveat(
            "homicide_officer_ethnicity",
            "Victims' ethnicity is recorded by officers",
            (
                "A victim's ethnicity is the one an officer recorded from how she looked, which "
                "may not be how she saw herself."
            ),
        ),
        Caveat(
            "homicide_pooled",
            "Breakdowns add up three years",
            (
                "These figures add up three calendar years, because single years have too few victims in "
                "most groups to show safely."
            ),
        ),
        Caveat(
            "homicide_unsolved_recent",
            "Recent cases may still be solved",
            "Cases are solved over time, so recent periods show more unsolved cases than they will later.",
        ),
        Caveat(
            "homicide_sex_not_recorded",
            "Victims whose sex was not recorded",
            "Victims whose sex was not recorded are in neither group.",
        ),
        Caveat(
            "homicide_accused_not_linked",
            "The accused are not linked to victims",
            (
                "The Met does not link persons proceeded against to victims. These figures "
                "cover the people accused in every homicide, whoever was killed."
            ),
        ),
        Caveat(
            "homicide_release_separate",
            "The female homicide release is a separate publication",
            (
                "The release is a separate publication. It may count victims differently (for "
                "example by when the homicide was committed rather than when it was recorded), so "
                "its figures need not match the rest of this page."
            ),
        ),
        # VAWG trends and borough profiles
        Caveat(
            "london_not_placed",
            "London includes offences not placed in a borough",
            (
                "London's figures are every offence in the Met's VAWG data, including those it did not "
                "place in a borough (recorded as 'Other' or 'Unknown'), so London's total is a little more "
                "than the sum of the 32 boroughs."
            ),
        ),
        Caveat(
            "london_wide_only",
            "Offence groups, age and ethnic group are London-wide only",
            (
                "The Met publishes offence groups, and victims by age and by ethnic group, for London as a "
                "whole only: these figures are London-wide whichever borough you choose."
            ),
        ),
        Caveat(
            "normal_variation",
            "What 'within normal variation' means",
            (
                "Whether a change is 'within normal variation' is judged by an exact Poisson test at the 5% "
                "level. Real counts vary more than that, and among many wards or boroughs about 1 in 20 can "
                "be flagged by chance alone."
            ),
        ),
        Caveat(
            "population_2020",
            "Rates use 2020 population estimates",
            (
                "Rates per 1,000 women and girls use the ONS mid-2020 population estimates (females of all "
                "ages), the latest in the data. Populations have changed since, so rates are approximate. "
                "London's rate uses the 32 boroughs the Met polices."
            ),
        ),
        Caveat(
            "ward_not_stated",
            "Offences not placed in a ward",
            (
                "Some offences are not placed in a ward ('Not stated'). They are counted in the borough's "
                "total and listed after the wards."
            ),
        ),
        Caveat(
            "victims_recorded_ethnicity",
            "How victims' ethnic group is recorded",
            "Victims' ethnic group is the ethnic appearance group the Met records; 'Unknown' means none was recorded.",
        ),
    ]
)
# Pages quote a caveat's text and the About page heads it with its title.
CAVEATS: dict[str, str] = {key: caveat.text for key, caveat in CAVEAT_RECORDS.items()}
CAVEAT_TITLES: dict[str, str] = {key: caveat.title for key, caveat in CAVEAT_RECORDS.items()}


# --- Measures: what each figure counts (the About page lists them in this order) ------------------

MEASURES: dict[str, Measure] = _by_key(
    [
        Measure(
            "vawg_offences",
            "VAWG offences",
            "offences",
            (
                "Offences in the Met's VAWG dashboard data, counted by the month they were recorded. The count "
                "includes every offence in that data by location, including about one in five that the Met itself "
                "classifies as outside VAWG ('Other flagged offences outside of VAWG'), so borough figures add up "
                "to London's."
            ),
            ("recording", "connect", "revisions", "outside_vawg"),
            sources=("mps_vawg",),
        ),
        Measure(
            "vawg_rate",
            "VAWG offences per 1,000 women and girls",
            "per 1,000 women and girls",
            (
                "VAWG offences divided by the number of women and girls living in the area (ONS mid-2020 "
                "estimates), times 1,000. Over a period of months it is the total for the period."
            ),
            ("recording", "connect"),
            sources=("mps_vawg", "ons_population"),
        ),
        Measure(
            "vawg_victims",
            "Victims of VAWG offences",
            "victims",
            "People recorded as victims of VAWG-flagged offences, by recorded month.",
            ("recording", "connect"),
            sources=("mps_vawg",),
        ),
        Measure(
            "female_homicide_victims",
            "Women and girls who were victims of homicide",
            "victims",
            (
                "Homicide is murder, manslaughter, infanticide and corporate manslaughter. Counted by the year "
                "the homicide was recorded. The City of London Police and British Transport Police record their own."
            ),
            ("city_of_london",),
            sources=("mps_homicide_victims",),
        ),
        Measure(
            "street_violence",
            "Violence and sexual offences (police.uk)",
            "offences",
            "police.uk crimes of type 'Violence and sexual offences' counted in hexagonal cells.",
            ("snap_points", "recording"),
            sources=("police_uk_street",),
        ),
        Measure(
            "recorded_crime",
            "Recorded offences",
            "offences",
            "All offences recorded by the Met, by borough and offence group.",
            ("recording", "revisions"),
            sources=("mps_borough_crime",),
        ),
        Measure(
            "shelter_crimes",
            "police.uk crimes near a shelter",
            "crimes per site per month",
            (
                "police.uk crimes of the chosen type at map points within the chosen radius of a shelter or stop, "
                "divided by the number of sites and months."
            ),
            ("shelter_radius", "shelter_no_victim_sex", "recording"),
            sources=("police_uk_street", "tfl_bus_stops", "tfl_pilot_sites"),
        ),
        Measure(
            "feeling_safe",
            "Passengers feeling safe",
            "percent of respondents",
            (
                "The share of passengers answering 'Very safe' or 'Fairly safe' to the survey question, out of all who "
                "answered it, with a 95% Wilson interval."
            ),
            ("survey_feelings",),
            sources=("tfl_passenger_survey",),
        ),
        Measure(
            "significant_hotspots",
            "Significant hot spots",
            "hexagons",
            (
                "Hexagons of about 0.74 km² where police.uk violence and sexual offences cluster more than chance "
                "would explain: the Getis-Ord Gi* statistic, corrected for testing many hexagons at once (false "
                "discovery rate), at 90% confidence or more."
            ),
            ("snap_points", "recording"),
            sources=("police_uk_street",),
        ),
        Measure(
            "homicide_victims_by_sex",
            "Victims of homicide by sex",
            "victims",
            (
                "Victims of homicide recorded by the Met, women and girls and men and boys, counted by the year the "
                "homicide was recorded."
            ),
            ("homicide_recorded_year", "homicide_sex_not_recorded", "city_of_london"),
            sources=("mps_homicide_victims",),
        ),
        Measure(
            "female_homicide_share",
            "Women and girls as a share of homicide victims",
            "percent of victims",
            "Women and girls as a percentage of the victims recorded as female or male in the year.",
            ("homicide_recorded_year", "homicide_sex_not_recorded", "city_of_london"),
            sources=("mps_homicide_victims",),
        ),
        Measure(
            "female_homicide_domestic_share",
            "Female homicide victims whose killing was domestic abuse related",
            "percent of victims",
            (
                "Women and girls killed in a homicide the Met flagged as domestic abuse related, as a percentage of "
                "all women and girls who were victims of homicide in the same three years."
            ),
            ("homicide_pooled", "homicide_recorded_year", "city_of_london"),
            sources=("mps_homicide_victims",),
        ),
        Measure(
            "female_homicide_victims_pooled",
            "Women and girls who were victims of homicide, over three years",
            "victims",
            (
                "Women and girls recorded by the Met as victims of homicide (murder, manslaughter, infanticide and "
                "corporate manslaughter) in three calendar years together."
            ),
            ("homicide_pooled", "homicide_recorded_year", "city_of_london"),
            sources=("mps_homicide_victims",),
        ),
        Measure(
            "homicide_accused",
            "Persons proceeded against for homicide",
            "people",
            (
                "People charged or summonsed for a homicide in London, counted by the year proceedings began. Not "
                "linked to victims."
            ),
            ("homicide_accused_not_linked", "homicide_pooled", "city_of_london"),
            sources=("mps_homicide_accused",),
        ),
        Measure(
            "female_homicide_release",
            "Female homicide victims in the Met's female homicide release",
            "victims",
            (
                "Women and girls who were victims of homicide, as counted in the Met's female homicide release, by "
                "relationship to the offender and by the ethnicity of victim and suspect."
            ),
            ("homicide_release_separate", "homicide_pooled"),
            sources=("mps_female_homicide_release",),
        ),
        Measure(
            "vawg_offences_by_group",
            "VAWG offences by offence group",
            "offences",
            (
                "Offences the Met flags as violence against women and girls, London-wide, by the Met's own offence "
                "groups. Offences it flags but classes as outside VAWG are left out."
            ),
            ("london_wide_only", "connect", "revisions"),
            sources=("mps_vawg",),
        ),
        Measure(
            "vawg_victims_by_age",
            "Victims of VAWG offences by age group",
            "victims",
            "People recorded as victims of offences the Met flags as VAWG, London-wide, by their age group.",
            ("london_wide_only", "recording", "connect"),
            sources=("mps_vawg",),
        ),
        Measure(
            "vawg_victims_by_ethnicity",
            "Victims of VAWG offences by ethnic group",
            "victims",
            (
                "People recorded as victims of offences the Met flags as VAWG, London-wide, by the ethnic appearance "
                "group the Met records."
            ),
            ("london_wide_only", "victims_recorded_ethnicity", "recording", "connect"),
            sources=("mps_vawg",),
        ),
        Measure(
            "vawg_change",
            "Change in VAWG offences on the 12 months before",
            "percent change",
            (
                "Offences in the latest 12 months against the 12 months before them, as a percentage, marked as within "
                "or larger than the normal random variation for counts of that size."
            ),
            ("normal_variation", "recording", "connect"),
            sources=("mps_vawg",),
        ),
    ]
)


# --- Page texts: home -----------------------------------------------------------------------------

HOME_TITLE = "Violence against women and girls in London"
HOME_INTRO = (
    "What the Metropolitan Police records about violence against women and girls (VAWG) in London, "
    "from the files it publishes. Every figure says where it comes from and how far it goes."
)


# --- Page texts: VAWG trends and borough profiles (/trends, /boroughs) ----------------------------

TRENDS_TITLE = "VAWG offences over time"
TRENDS_INTRO = (
    "Offences the Metropolitan Police flags as violence against women and girls (VAWG), month by month, "
    "for London or one borough: by type of offence, and by the age and ethnic group of victims. "
    "Choose an area, an offence group, a period and a measure; the link in your browser keeps your "
    "choices, so you can share exactly this view."
)
BOROUGHS_TITLE = "Borough profiles"
BOROUGHS_INTRO = (
    "For councils and other partners: a borough's VAWG offences in the latest 12 months, how they "
    "changed, its rate per 1,000 women and girls and its place among the 32 boroughs the Met polices, "
    "its trend against London's, its wards, and a map comparing every borough."
)
NORMAL_VARIATION_METHOD = (
    "Counts of offences go up and down from year to year by chance, even when nothing has changed. To tell a real "
    "change from chance, we treat the two 12-month counts as Poisson counts, as is usual for counts of events, and "
    "use an exact test: given the two counts together, how likely is a split at least this uneven if the "
    "underlying rate had not changed? If that is less than 5%, we say the change is larger than normal variation; "
    "otherwise, within normal variation. We also give the 95% interval for the underlying change (the "
    "Clopper-Pearson interval for the ratio of the two counts). Real counts vary more than Poisson counts do "
    "(seasons, big incidents, changes in recording), so a change 'larger than normal variation' in a large count "
    "can still be small in practice, and with many wards or boroughs a few will be flagged by chance alone (about "
    "1 in 20 where nothing changed)."
)


# --- Page texts: hot spot map (/hotspots) ---------------------------------------------------------

HOTSPOT_PAGE_TITLE = "Where violence concentrates: hot spots"
HOTSPOT_INTRO = (
    "The Met says it will identify high-risk, high-harm locations for violence against women and girls and send "
    "officers there (Project Vigilant). This page does that analysis in the open, from published data: police.uk "
    "violence and sexual offences counted in hexagons, tested for clusters that chance would not explain, and "
    "followed month by month. Single crimes are never drawn."
)
# view key -> (label, what the colours show)
HOTSPOT_VIEWS: dict[str, tuple[str, str]] = {
    "significance": (
        "Hot and cold spots",
        "Hexagons where offences cluster, with their neighbours, more (hot) or less (cold) than chance "
        "would explain, at 90, 95 or 99% confidence after allowing for testing every hexagon at once.",
    ),
    "persistence": (
        "Pattern over time",
        "How each hexagon's clustering behaved month by month: new, consecutive, intensifying, "
        "persistent, diminishing, sporadic, oscillating or historical.",
    ),
    "density": (
        "Offences per hexagon",
        "How many offences were recorded in each hexagon. This mostly shows where people are (town "
        "centres, stations, nightlife), not where the risk to any one person is highest.",
    ),
}
HOTSPOT_RESOLUTIONS: dict[int, str] = {
    7: "Large hexagons (about 5.2 km²)",
    8: "Medium hexagons (about 0.74 km²)",
    9: "Small hexagons (about 0.1 km²)",
}
HOTSPOT_PERIODS: dict[str, str] = {"last_12": "Latest 12 months", "all": "Every month loaded"}
# Emerging hot spot classes in words (dashboard.analysis.hotspots.classify_pattern has the exact rules).
HOTSPOT_PATTERNS: dict[str, str] = {
    "new hot spot": "a significant hot spot in the latest month, and never before",
    "consecutive hot spot": "a hot spot for an unbroken run of recent months, and never before that run",
    "intensifying hot spot": "a hot spot in at least 90% of months including the latest, clustering more strongly over time",
    "persistent hot spot": "a hot spot in at least 90% of months including the latest, with no clear trend",
    "diminishing hot spot": "a hot spot in at least 90% of months including the latest, clustering less strongly over time",
    "sporadic hot spot": "a hot spot in the latest month and on and off before, never a cold spot",
    "oscillating hot spot": "a hot spot in the latest month, and a cold spot in some earlier month",
    "historical hot spot": "a hot spot in at least 90% of months, but not in the latest",
    "cold spot": (
        "cold spot classes are the mirror image: fewer offences, with the neighbours, than chance would explain"
    ),
    "no pattern detected": "none of these patterns",
}
HOTSPOT_METHOD: dict[str, str] = {
    "Hexagons": (
        "Each police.uk record of 'Violence and sexual offences' is placed in a hexagon of the H3 grid at three "
        "sizes (about 5.2, 0.74 and 0.1 km²) and counted per month. Hexagons all have the same shape and size, unlike "
        "wards, so counts can be compared across the map."
    ),
    "Hot and cold spots": (
        "For each hexagon the Getis-Ord Gi* statistic compares the offences in it and its six neighbours with the "
        "average over the area analysed (every hexagon with an offence, plus a ring of empty neighbours around them). "
        "Its z-score says how far the cluster is from what chance would give. Testing hundreds of hexagons at once "
        "would produce false hot spots by chance, so the p-values are corrected for the false discovery rate "
        "(Benjamini-Hochberg): 99, 95 and 90% confidence mean a corrected p-value of at most 0.01, 0.05 and 0.10."
    ),
    "Patterns over time": (
        "Gi* is also computed for each month over the same hexagons. A hexagon is a hot spot in a month when its "
        "corrected p-value is at most 0.05 and its z-score is positive. The Mann-Kendall test on its monthly "
        "z-scores says whether clustering is getting stronger or weaker. The classes follow Esri's Emerging Hot "
        "Spot Analysis, with each month analysed on its own."
    ),
    "Which points": (
        "Every force whose police.uk files are loaded and hold violence and sexual offences, over the months loaded "
        "for all of them. Points with no map position, or outside a box around Greater London, are left out and "
        "counted below the map."
    ),
}
# Headings that are also caveats quote the caveat's text, so the words are written once.
HOTSPOT_LIMITS: dict[str, str] = {
    "Map points, not addresses": (
        'police.uk moves every crime to the nearest of a fixed set of anonymous map points ("On or near ..."): a '
        "street, a station, a shopping centre. Many crimes share one point, so counts pile up where points are, and "
        "one busy point can make a hexagon look like a hot spot on its own. Medium hexagons hold many points each, "
        "which softens this; check a small-hexagon hot spot against the medium size before acting on it."
    ),
    "Not only violence against women and girls": CAVEATS["hotspot_not_vawg"],
    "Hot spots are relative": CAVEATS["hotspot_relative"],
    "Hexagons left off the map": (
        "Hexagons with fewer than {min_count} offences in the period are left off the map, out of the table and out "
        "of the download, and their counts never reach your browser: a few offences in a small area could point to "
        "particular streets or people. So the hexagons shown do not add up to the total."
    ),
    "Recorded crime": (
        "These are crimes reported to and recorded by the police. Many violent and sexual offences are never "
        "reported, and places where people are more willing or able to report will look busier."
    ),
}
HOTSPOT_WARD_FALLBACK = (
    "No police.uk violence points from {force} are loaded, so the hot spot analysis does not cover {area}. Its "
    "wards are ranked instead by the VAWG offences the Met recorded there in the latest 12 months (MPS VAWG "
    "dashboard data). Ward counts show where offences were recorded, not clusters beyond chance, and wards differ "
    "in size and in how many people live in or pass through them."
)


# --- Page texts: female homicide (/homicide), with its definitions --------------------------------

HOMICIDE_PAGE_TITLE = "Female homicide in London"
HOMICIDE_INTRO = (
    "Women and girls recorded by the Metropolitan Police as victims of homicide in London, year by year: who they "
    "were, how they were killed, whether the killing was related to domestic abuse, and whether the case is recorded "
    "as solved. Each number is a person who was killed, and families and friends who are grieving."
)
HOMICIDE_SUPPORT_HEADING = "If this affects you"
HOMICIDE_SUPPORT = (
    "You do not have to deal with this alone. In an emergency, call 999. The National Domestic Abuse Helpline is "
    "free and open day and night: [0808 2000 247](tel:08082000247). Victim Support gives free, confidential help to "
    "anyone affected by crime, including families bereaved by murder or manslaughter: "
    "[08 08 16 89 111](tel:08081689111). To leave this site quickly, select Exit this page at the top, or press "
    "Shift 3 times."
)
HOMICIDE_PERIODS_EXPLAINED = (
    "These breakdowns add up three calendar years at a time. In a single year most groups hold too few women and "
    "girls to show without risking identifying someone, and three years give steadier figures."
)
HOMICIDE_ACCUSED_EXPLAINED = (
    "People charged or summonsed for a homicide in London (the Met calls them persons proceeded against), counted "
    "by the year proceedings began. The Met does not link them to victims: these are the people accused in every "
    "homicide, whoever was killed, so they say nothing about who killed the women and girls counted above. One "
    "person can be accused of more than one homicide, and one homicide can have several accused."
)
HOMICIDE_RELEASE_INTRO = (
    "The Met has said it now publishes data on female homicide through its publication scheme, starting with "
    "homicides committed in 2023: the victim's relationship to the offender, and the ethnicity of the victim and "
    "the suspect. It has not been published as a data file, so this dashboard defines a simple file for it (see "
    "the README) and shows it whenever a copy is loaded."
)
HOMICIDE_RELEASE_ABSENT = (
    "The Met's female homicide release (relationship to the offender, and the ethnicity of victim and suspect) has "
    "not been published as a data file yet. When a copy is loaded with `python -m dashboard ingest`, a section on "
    "it appears on this page."
)
HOMICIDE_RELEASE_ILLUSTRATIVE_LABEL = "Illustrative — not the Met's female homicide release"
HOMICIDE_RELEASE_ILLUSTRATIVE_EXPLAINED = (
    "The figures in this section are invented for the bundled sample, to show how the section works once the "
    "release is loaded. They are not the Met's figures and say nothing about real cases."
)
HOMICIDE_DEFINITIONS: dict[str, str] = {
    "What counts as homicide": (
        "Homicide is murder, manslaughter, infanticide and corporate manslaughter. A death can become a homicide "
        "long after the attack that caused it: since 1996 there is no time limit, so an assault is recorded again "
        "as murder or manslaughter if the victim later dies of their injuries."
    ),
    "Who records these homicides": (
        "These are the homicides the Metropolitan Police recorded. Two other forces police parts of London and "
        "record their own: the City of London Police (the Square Mile) and British Transport Police (the "
        "railways and the Underground). Their homicides are not counted here. Victims of the terrorist attacks in "
        "London in 2005 and 2017 are included where the Met recorded them."
    ),
    "Which year a victim is counted in": (
        "Each victim is counted in the year the Met recorded the homicide, which is not always the year they "
        "died. The latest full year is the last calendar year with all twelve months in the data; a later year "
        "with only some months is shown separately and marked as a part year."
    ),
    "Women and girls": (
        "Victims the Met recorded as female, of any age. Men and boys are victims recorded as male. Victims "
        "whose sex was not recorded, if any, are in neither group."
    ),
    "Ethnicity": (
        "For victims, the ethnic group an officer recorded from how the person looked (officer-observed), which "
        "may not be how she saw herself. For persons proceeded against, the ethnic group they gave themselves "
        "(self-classified)."
    ),
    "Domestic abuse related": (
        "The Met's own flag marking a homicide as related to domestic abuse, that is abuse by a partner, a former "
        "partner or a family member."
    ),
    "Solved and unsolved": (
        "As the Met records each case at the time of the release. Investigations go on, so a case recorded as "
        "unsolved may be solved later, and the most recent years can look less solved than they will end up."
    ),
}


# --- Page texts: bus-shelter CCTV pilot (/bus-shelters) -------------------------------------------

SHELTER_PAGE_TITLE = "Bus-shelter CCTV pilot: an open evaluation"
SHELTER_PILOT_DESCRIPTION = (
    "Transport for London (TfL) and the Met are piloting CCTV cameras in bus shelters, using data to pick places "
    "where more crimes against women and girls are reported. The pilot runs for 12 months; a second phase adds 15 "
    "more cameras and locations. TfL is also asking passengers and stakeholders how safe they feel. No results "
    "have been published yet."
)
SHELTER_PAGE_PURPOSE = (
    "This page evaluates the pilot in the open, from published data: police.uk crimes near each camera shelter "
    "before and after its camera went live, compared with similar bus stops that got no camera, and the "
    "passenger survey. Every figure comes with its uncertainty and its limits."
)
SHELTER_NO_PILOT_LIST = (
    "No list of pilot shelters has been published, so there is nothing to evaluate yet. When TfL publishes the "
    "site list (bus stop code, phase and the date each camera went live) and the passenger survey, load them with "
    "`python -m dashboard ingest` and this page computes the evaluation described below."
)
SHELTER_ILLUSTRATIVE_EXPLAINED = (
    "The {what} used here are invented for illustration: TfL has not published the real "
    "ones. The method is the one the real data will get, but these results say nothing about the real pilot."
)
# Headings that are also caveats quote the caveat's text, so the words are written once.
SHELTER_METHOD: dict[str, str] = {
    "Crimes near a shelter": (
        "For each shelter we count police.uk crimes of one type within a fixed distance (the radius, 100 m unless "
        "you choose 200 m) in the 12 months before its camera went live and the 12 months after. A camera that "
        "went live after the 1st of a month leaves that month out of both periods. police.uk has no victim sex, "
        "so a crime type such as 'Violence and sexual offences' stands in for crimes against women and girls and "
        "includes crimes against men and boys."
    ),
    "Why small radii are unreliable": CAVEATS["shelter_radius"],
    "Comparison stops": (
        "Cameras were put where crime was high, so a fall after go-live could happen anyway. To allow for that, "
        "each pilot shelter is matched with up to three bus stops from the TfL stop list that got no camera: in "
        "the same borough, with the most similar number of crimes in the 12 months before go-live, and more than "
        "twice the radius from every camera and from each other, so no crime is counted at two places. The TfL "
        "list does not say which stops have a shelter, so comparisons are stops, not necessarily shelters."
    ),
    "The estimate": (
        "The difference in differences compares the change at pilot shelters with the change at comparison stops "
        "over the same months. It is given as a ratio of rate ratios: 1 means no difference, below 1 a relative "
        "fall near cameras, above 1 a relative rise, with a 95% confidence interval that treats each total as a "
        "Poisson count. It is also given as crimes per site per month. With fewer than 10 crimes in any of the "
        "four totals we say no conclusion can be drawn. We never give a bare percentage change."
    ),
    "The passenger survey": (
        "The share feeling safe is the share answering 'Very safe' or 'Fairly safe', out of everyone who answered "
        "the question (including 'Don't know'), with a 95% Wilson interval. The change at pilot shelters is "
        "compared with the change at comparison shelters in the same way."
    ),
}
# Headings that are also caveats quote the caveat's text, so the words are written once.
SHELTER_LIMITATIONS: dict[str, str] = {
    "Sites were chosen for high crime": CAVEATS["shelter_selection"],
    "Displacement": CAVEATS["shelter_displacement"],
    "Cameras change reporting and recording": CAVEATS["shelter_reporting"],
    "What the data cannot show": (
        "police.uk has no victim sex and moves crimes to map points; the survey reports feelings, not crime; "
        "a small number of shelters over 12 months gives wide intervals. A clear result needs many sites, "
        "longer periods, or TfL's own incident records."
    ),
}
SHELTER_CRIME_TYPE_NOUNS: dict[str, str] = {
    "Violence and sexual offences": "violence and sexual offences",
    "Anti-social behaviour": "anti-social behaviour incidents",
    "Bicycle theft": "bicycle thefts",
    "Burglary": "burglaries",
    "Criminal damage and arson": "criminal damage and arson offences",
    "Drugs": "drugs offences",
    "Other crime": "other crimes",
    "Other theft": "other thefts",
    "Possession of weapons": "possession of weapons offences",
    "Public order": "public order offences",
    "Robbery": "robberies",
    "Shoplifting": "shoplifting offences",
    "Theft from the person": "thefts from the person",
    "Vehicle crime": "vehicle crimes",
}
