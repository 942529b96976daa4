//! Tables across the Arrow C data interface, through PyCapsules (the
//! Arrow PyCapsule interface): text is never copied into Python objects.
//! In: any object with `__arrow_c_stream__` (a pyarrow Table, a polars
//! DataFrame, a DuckDB relation). Out: `(schema, array)` capsule pairs that
//! pyarrow imports as a record batch.

use polars::prelude::{Column, CompatLevel, DataFrame, Series};
use polars_arrow::array::{Array, StructArray};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{
    ArrowArray, ArrowArrayStream, ArrowArrayStreamReader, ArrowSchema, export_array_to_c,
    export_field_to_c,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

/// A C data interface struct on its way into a capsule.
///
/// `#[repr(transparent)]`: the capsule's pointer must point at the struct
/// itself, which is what the consumer reads.
#[repr(transparent)]
struct Exported<T>(T);

// SAFETY: `ArrowArray` and `ArrowSchema` are plain C structs whose raw
// pointers are owned by the struct; the C data interface requires their
// release callback to be callable from any thread, and a capsule (which
// may be destroyed on any thread) is their only owner.
unsafe impl<T> Send for Exported<T> {}

/// Reads every batch of `data`'s `__arrow_c_stream__` into one frame.
pub fn import_frame(data: &Bound<'_, PyAny>) -> PyResult<DataFrame> {
    if !data.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow table (an object with __arrow_c_stream__, such as pyarrow.Table), got {}",
            data.get_type().name()?
        )));
    }
    let capsule = data.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule
        .pointer_checked(Some(c"arrow_array_stream"))?
        .cast::<ArrowArrayStream>();
    // SAFETY: the PyCapsule interface guarantees that a capsule named
    // "arrow_array_stream" points at a valid `ArrowArrayStream`. Its
    // consumer moves the struct out and leaves a released one (null
    // `release`) behind, so that the capsule's destructor does nothing.
    let stream = unsafe { std::ptr::replace(pointer.as_ptr(), ArrowArrayStream::empty()) };
    // SAFETY: the stream comes from a producer of the C stream interface.
    let mut reader = unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }
        .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow stream: {e}")))?;
    let fields = match reader.field().dtype() {
        ArrowDataType::Struct(fields) => fields.clone(),
        other => {
            return Err(PyValueError::new_err(format!(
                "expected a stream of record batches, got arrays of {other:?}"
            )));
        }
    };
    let mut frame: Option<DataFrame> = None;
    // SAFETY: as above, the arrays come from a C data interface producer.
    while let Some(batch) = unsafe { reader.next() } {
        let batch = batch.map_err(|e| PyValueError::new_err(format!("Arrow stream: {e}")))?;
        let df = batch_frame(batch.as_ref(), &fields)?;
        match &mut frame {
            None => frame = Some(df),
            Some(all) => {
                all.vstack_mut_owned(df)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
            }
        }
    }
    match frame {
        Some(df) => Ok(df),
        None => batch_frame(
            &StructArray::new_empty(ArrowDataType::Struct(fields.clone())),
            &fields,
        ),
    }
}

/// One record batch (a struct array) as a frame.
fn batch_frame(batch: &dyn Array, fields: &[Field]) -> PyResult<DataFrame> {
    let batch = batch
        .as_any()
        .downcast_ref::<StructArray>()
        .ok_or_else(|| PyValueError::new_err("an Arrow batch is not a struct array"))?;
    let columns = fields
        .iter()
        .zip(batch.values())
        .map(|(field, values)| {
            Series::from_arrow(field.name.clone(), values.clone())
                .map(Column::from)
                .map_err(|e| PyValueError::new_err(format!("column {:?}: {e}", field.name)))
        })
        .collect::<PyResult<Vec<_>>>()?;
    DataFrame::new(batch.len(), columns).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// `df` as an Arrow record batch: the `(schema, array)` capsules of the
/// PyCapsule interface. Strings go out as `large_string`, which every Arrow
/// reader takes; `nullable` gives each column's nullability.
pub fn export_frame<'py>(
    py: Python<'py>,
    df: DataFrame,
    nullable: &[bool],
) -> PyResult<Bound<'py, PyTuple>> {
    let height = df.height();
    let compat = CompatLevel::oldest();
    let mut fields = Vec::with_capacity(df.width());
    let mut arrays = Vec::with_capacity(df.width());
    for (column, &nullable) in df.into_columns().into_iter().zip(nullable) {
        let name = column.name().clone();
        let array = column.rechunk_to_arrow(compat);
        fields.push(Field::new(name, array.dtype().clone(), nullable));
        arrays.push(array);
    }
    let dtype = ArrowDataType::Struct(fields);
    let batch = StructArray::new(dtype.clone(), height, arrays, None);
    let schema: Exported<ArrowSchema> =
        Exported(export_field_to_c(&Field::new("".into(), dtype, false)));
    let array: Exported<ArrowArray> = Exported(export_array_to_c(Box::new(batch)));
    let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
    let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
    PyTuple::new(py, [schema.into_any(), array.into_any()])
}
