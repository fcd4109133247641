"""Dashboards across bundles and the wijk view, for coördinatoren and the stad."""
